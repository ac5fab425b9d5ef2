package app.platform.profile.address.application;

import app.platform.events.EventMetadata;
import app.platform.outbox.ReactiveOutbox;
import app.platform.events.profile.AddressChanged;
import app.platform.profile.address.domain.PostalAddress;
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
 * My postal addresses. Of each type exactly one is the default while any exist: the first one is, making another
 * the default moves the flag, and removing the default passes it to the oldest remaining one. The legacy import keeps
 * its addresses by the same rules ({@link #put}, {@link #removeIfPresent}).
 */
@Service
public class Addresses {

    public record Address(UUID id, PostalAddress address, boolean isDefault, Instant createdAt) {
    }

    private final AddressStore store;
    private final ReactiveOutbox outbox;
    private final Clock clock;

    public Addresses(AddressStore store, ReactiveOutbox outbox, Clock clock) {
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
    }

    public Flux<Address> list(UUID userId) {
        return store.list(userId);
    }

    @Transactional
    public Mono<Address> add(UUID userId, PostalAddress address, boolean makeDefault, EventMetadata metadata) {
        UUID id = UUID.randomUUID();
        return insert(userId, id, address, makeDefault, true, metadata).then(find(userId, id));
    }

    /** Replaces the fields; {@code makeDefault} true moves the default here (false on the default is refused). */
    @Transactional
    public Mono<Address> change(UUID userId, UUID id, PostalAddress address, Boolean makeDefault, EventMetadata metadata) {
        return find(userId, id).flatMap(current -> {
            if (!current.address().type().equals(address.type())) {
                return Mono.error(new InvalidInput("type", "The type of an address cannot change; add a new one."));
            }
            if (Boolean.FALSE.equals(makeDefault) && current.isDefault()) {
                return Mono.error(new InvalidInput("default", "Make another address the default instead."));
            }
            return replace(userId, id, address, Boolean.TRUE.equals(makeDefault), metadata).then(find(userId, id));
        });
    }

    /**
     * Makes the address with this id what is given (the legacy import's upsert): a new one is added as {@link #add}
     * adds one; one of another type is removed and added again, as a member would; one with other fields is replaced as
     * {@link #change} replaces it; an equal one stays as it is.
     */
    @Transactional
    public Mono<Void> put(UUID userId, UUID id, PostalAddress address, EventMetadata metadata) {
        return store.find(userId, id).map(Optional::of).defaultIfEmpty(Optional.empty())
                .flatMap(current -> {
                    if (current.isEmpty()) {
                        return insert(userId, id, address, false, false, metadata);
                    }
                    Address was = current.get();
                    if (was.address().equals(address)) {
                        return Mono.<Void>empty();
                    }
                    return was.address().type().equals(address.type()) ? replace(userId, id, address, false, metadata)
                            : delete(userId, was, metadata).then(insert(userId, id, address, false, false, metadata));
                });
    }

    @Transactional
    public Mono<Void> remove(UUID userId, UUID id, EventMetadata metadata) {
        return find(userId, id).flatMap(address -> delete(userId, address, metadata));
    }

    /** Removes it as {@link #remove} does, if there is one (the legacy import's delete). */
    @Transactional
    public Mono<Void> removeIfPresent(UUID userId, UUID id, EventMetadata metadata) {
        return store.find(userId, id).flatMap(address -> delete(userId, address, metadata));
    }

    /**
     * Adds it with {@code AddressChanged} "added", the default if asked or the first of its type. A member's new
     * address ({@code capped}) needs room under {@link PostalAddress#MAX_PER_TYPE}.
     */
    private Mono<Void> insert(UUID userId, UUID id, PostalAddress address, boolean makeDefault, boolean capped,
                              EventMetadata metadata) {
        Instant now = clock.instant();
        return store.countOfType(userId, address.type())
                .doOnNext(held -> {
                    if (capped) {
                        PostalAddress.roomFor(address.type(), held);
                    }
                })
                .map(held -> held == 0)
                .flatMap(first -> store.insert(userId, id, address, now)
                        .then(first || makeDefault ? store.makeDefault(userId, id) : Mono.empty()))
                .then(outbox.append(new AddressChanged(userId, id, address.type(), "added", now), metadata))
                .then();
    }

    private Mono<Void> replace(UUID userId, UUID id, PostalAddress address, boolean makeDefault, EventMetadata metadata) {
        return store.replace(userId, id, address)
                .then(makeDefault ? store.makeDefault(userId, id) : Mono.empty())
                .then(outbox.append(new AddressChanged(userId, id, address.type(), "updated", clock.instant()), metadata))
                .then();
    }

    private Mono<Void> delete(UUID userId, Address address, EventMetadata metadata) {
        return store.delete(userId, address)
                .then(outbox.append(new AddressChanged(userId, address.id(), address.address().type(), "removed",
                        clock.instant()), metadata))
                .then();
    }

    private Mono<Address> find(UUID userId, UUID id) {
        return store.find(userId, id).switchIfEmpty(Mono.error(() -> new NotFound("address")));
    }
}
