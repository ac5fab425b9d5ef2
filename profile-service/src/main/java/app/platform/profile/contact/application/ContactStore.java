package app.platform.profile.contact.application;

import app.platform.profile.contact.application.Contacts.Contact;
import app.platform.profile.contact.application.Contacts.ContactData;
import java.time.Instant;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A port of {@link Contacts}, implemented in {@code adapter.out}. */
public interface ContactStore {
    Flux<Contact> list(UUID userId);

    Mono<Contact> find(UUID userId, UUID contactId);

    /** False when the user has this value already (or the id is taken). */
    Mono<Boolean> insert(UUID userId, ContactData contact, Instant now);

    Mono<Void> setType(UUID userId, UUID contactId, String type);

    Mono<Void> setVerified(UUID userId, UUID contactId, boolean verified);

    Mono<Void> makePrimary(UUID userId, UUID contactId);

    /** Removes it and, if it was primary, promotes the oldest remaining contact of its kind. */
    Mono<Void> delete(UUID userId, Contact contact);

    /** How many contacts of this kind the user has, counted under the user's lock of their contacts. */
    Mono<Long> countOfKind(UUID userId, String kind);
}
