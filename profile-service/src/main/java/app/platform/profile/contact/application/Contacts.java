package app.platform.profile.contact.application;

import app.platform.events.EventMetadata;
import app.platform.outbox.ReactiveOutbox;
import app.platform.events.profile.ContactAdded;
import app.platform.events.profile.ContactRemoved;
import app.platform.profile.contact.domain.ContactValue;
import app.platform.errors.Conflict;
import app.platform.errors.InvalidInput;
import app.platform.errors.NotFound;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * My phone numbers and e-mail addresses. Of each kind exactly one is primary while any exist: the first one is,
 * making another primary moves the flag, and removing the primary passes it to the oldest remaining one.
 */
@Service
public class Contacts {

    public record Contact(UUID id, String kind, String type, String value, boolean primary, boolean verified,
                          Instant createdAt) {
    }

    public interface ContactStore {
        Flux<Contact> list(UUID userId);

        Mono<Contact> find(UUID userId, UUID contactId);

        /** False when the user has this value already. */
        Mono<Boolean> insert(UUID userId, UUID id, ContactValue value, Instant now);

        Mono<Void> setType(UUID userId, UUID contactId, String type);

        Mono<Void> makePrimary(UUID userId, UUID contactId);

        /** Removes it and, if it was primary, promotes the oldest remaining contact of its kind. */
        Mono<Void> delete(UUID userId, Contact contact);

        Mono<Boolean> noneOfKind(UUID userId, String kind);
    }

    private final ContactStore store;
    private final ReactiveOutbox outbox;
    private final Clock clock;

    public Contacts(ContactStore store, ReactiveOutbox outbox, Clock clock) {
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
    }

    public Flux<Contact> list(UUID userId) {
        return store.list(userId);
    }

    @Transactional
    public Mono<Contact> add(UUID userId, String kind, String type, String value, boolean primary, EventMetadata metadata) {
        return Mono.fromCallable(() -> ContactValue.of(kind, type, value)).flatMap(contact -> {
            UUID id = UUID.randomUUID();
            Instant now = clock.instant();
            return store.noneOfKind(userId, contact.kind())
                    .flatMap(first -> store.insert(userId, id, contact, now)
                            .flatMap(inserted -> inserted ? Mono.just(first) : Mono.error(new Conflict("That contact is on your list already."))))
                    .flatMap(first -> first || primary ? store.makePrimary(userId, id) : Mono.empty())
                    .then(outbox.append(new ContactAdded(userId, id, contact.kind(), now), metadata))
                    .then(find(userId, id));
        });
    }

    /** Changes the type, or makes it primary; taking the flag off the primary is not a thing: flag another one. */
    @Transactional
    public Mono<Contact> change(UUID userId, UUID contactId, String type, Boolean primary) {
        return find(userId, contactId).flatMap(contact -> {
            if (Boolean.FALSE.equals(primary) && contact.primary()) {
                return Mono.error(new InvalidInput("primary", "Make another contact primary instead."));
            }
            Mono<Void> typeChange = type == null ? Mono.empty()
                    : Mono.fromCallable(() -> ContactValue.type(type)).flatMap(t -> store.setType(userId, contactId, t));
            Mono<Void> primaryChange = Boolean.TRUE.equals(primary) ? store.makePrimary(userId, contactId) : Mono.empty();
            return typeChange.then(primaryChange).then(find(userId, contactId));
        });
    }

    @Transactional
    public Mono<Void> remove(UUID userId, UUID contactId, EventMetadata metadata) {
        return find(userId, contactId).flatMap(contact -> store.delete(userId, contact)
                .then(outbox.append(new ContactRemoved(userId, contactId, contact.kind(), clock.instant()), metadata)))
                .then();
    }

    private Mono<Contact> find(UUID userId, UUID contactId) {
        return store.find(userId, contactId).switchIfEmpty(Mono.error(() -> new NotFound("contact")));
    }
}
