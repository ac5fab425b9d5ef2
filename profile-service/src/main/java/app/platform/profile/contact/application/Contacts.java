package app.platform.profile.contact.application;

import app.platform.events.EventMetadata;
import app.platform.outbox.ReactiveOutbox;
import app.platform.events.profile.ContactAdded;
import app.platform.events.profile.ContactChanged;
import app.platform.events.profile.ContactRemoved;
import app.platform.profile.contact.domain.ContactValue;
import app.platform.errors.Conflict;
import app.platform.errors.InvalidInput;
import app.platform.errors.NotFound;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * My phone numbers and e-mail addresses. Of each kind exactly one is primary while any exist: the first one is,
 * making another primary moves the flag, and removing the primary passes it to the oldest remaining one. The legacy
 * import keeps its contacts by the same rules ({@link #put}, {@link #removeIfPresent}).
 */
@Service
public class Contacts {

    public record Contact(UUID id, String kind, String type, String value, boolean primary, boolean verified,
                          Instant createdAt) {
    }

    /** A contact as given: its id, its value as the domain made it, whether it is to be primary, whether it is verified. */
    public record ContactData(UUID id, ContactValue value, boolean primary, boolean verified) {
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
        return Mono.fromCallable(() -> new ContactData(UUID.randomUUID(), ContactValue.of(kind, type, value), primary, false))
                .flatMap(contact -> insert(userId, contact, true, metadata)
                        .flatMap(inserted -> inserted ? find(userId, contact.id())
                                : Mono.error(new Conflict("That contact is on your list already."))));
    }

    /**
     * Makes the contact with this id what is given (the legacy import's upsert): a new one is added as {@link #add}
     * adds one; one whose kind or value changed is removed and added again, as a member would; otherwise primary moves
     * to it when asked (never away: flag another one) and its verification follows. Emits false when the user has this
     * value in another contact: then it is not added.
     */
    @Transactional
    public Mono<Boolean> put(UUID userId, ContactData contact, EventMetadata metadata) {
        return store.find(userId, contact.id()).map(Optional::of).defaultIfEmpty(Optional.empty())
                .flatMap(current -> {
                    if (current.isEmpty()) {
                        return insert(userId, contact, false, metadata);
                    }
                    Contact was = current.get();
                    if (!was.kind().equals(contact.value().kind()) || !was.value().equals(contact.value().value())) {
                        return delete(userId, was, metadata).then(insert(userId, contact, false, metadata));
                    }
                    Mono<Void> verified = was.verified() == contact.verified() ? Mono.empty()
                            : store.setVerified(userId, was.id(), contact.verified());
                    Mono<Void> primary = contact.primary() && !was.primary() ? makePrimary(userId, was, metadata) : Mono.empty();
                    return verified.then(primary).thenReturn(true);
                });
    }

    /**
     * Changes the type, or makes it primary, each with {@code ContactChanged} when it changes something; taking the
     * flag off the primary is not a thing: flag another one.
     */
    @Transactional
    public Mono<Contact> change(UUID userId, UUID contactId, String type, Boolean primary, EventMetadata metadata) {
        return find(userId, contactId).flatMap(contact -> {
            if (Boolean.FALSE.equals(primary) && contact.primary()) {
                return Mono.error(new InvalidInput("primary", "Make another contact primary instead."));
            }
            Mono<Void> typeChange = type == null ? Mono.empty()
                    : Mono.fromCallable(() -> ContactValue.type(type)).filter(t -> !t.equals(contact.type()))
                            .flatMap(t -> store.setType(userId, contactId, t)
                                    .then(changed(userId, contact, ContactChanged.TYPE_CHANGED, metadata)));
            Mono<Void> primaryChange = Boolean.TRUE.equals(primary) && !contact.primary()
                    ? makePrimary(userId, contact, metadata) : Mono.empty();
            return typeChange.then(primaryChange).then(find(userId, contactId));
        });
    }

    @Transactional
    public Mono<Void> remove(UUID userId, UUID contactId, EventMetadata metadata) {
        return find(userId, contactId).flatMap(contact -> delete(userId, contact, metadata));
    }

    /** Removes it as {@link #remove} does, if there is one (the legacy import's delete). */
    @Transactional
    public Mono<Void> removeIfPresent(UUID userId, UUID contactId, EventMetadata metadata) {
        return store.find(userId, contactId).flatMap(contact -> delete(userId, contact, metadata));
    }

    /**
     * Adds it with {@code ContactAdded}, primary if asked or the first of its kind; false when the value is there
     * already. A member's new contact ({@code capped}) needs room under {@link ContactValue#MAX_PER_KIND}.
     */
    private Mono<Boolean> insert(UUID userId, ContactData contact, boolean capped, EventMetadata metadata) {
        Instant now = clock.instant();
        String kind = contact.value().kind();
        return store.countOfKind(userId, kind)
                .doOnNext(held -> {
                    if (capped) {
                        ContactValue.roomFor(kind, held);
                    }
                })
                .map(held -> held == 0)
                .flatMap(first -> store.insert(userId, contact, now)
                        .flatMap(inserted -> !inserted ? Mono.just(false)
                                : (first || contact.primary() ? store.makePrimary(userId, contact.id()) : Mono.<Void>empty())
                                        .then(outbox.append(new ContactAdded(userId, contact.id(), kind, now), metadata))
                                        .thenReturn(true)));
    }

    private Mono<Void> makePrimary(UUID userId, Contact contact, EventMetadata metadata) {
        return store.makePrimary(userId, contact.id()).then(changed(userId, contact, ContactChanged.MADE_PRIMARY, metadata));
    }

    private Mono<Void> changed(UUID userId, Contact contact, String change, EventMetadata metadata) {
        return outbox.append(new ContactChanged(userId, contact.id(), contact.kind(), change, clock.instant()), metadata).then();
    }

    private Mono<Void> delete(UUID userId, Contact contact, EventMetadata metadata) {
        return store.delete(userId, contact)
                .then(outbox.append(new ContactRemoved(userId, contact.id(), contact.kind(), clock.instant()), metadata))
                .then();
    }

    private Mono<Contact> find(UUID userId, UUID contactId) {
        return store.find(userId, contactId).switchIfEmpty(Mono.error(() -> new NotFound("contact")));
    }
}
