package app.platform.profile.address.application;

import app.platform.profile.address.application.Addresses.Address;
import app.platform.profile.address.domain.PostalAddress;
import java.time.Instant;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A port of {@link Addresses}, implemented in {@code adapter.out}. */
public interface AddressStore {
    Flux<Address> list(UUID userId);

    Mono<Address> find(UUID userId, UUID addressId);

    Mono<Void> insert(UUID userId, UUID id, PostalAddress address, Instant now);

    Mono<Void> replace(UUID userId, UUID id, PostalAddress address);

    Mono<Void> makeDefault(UUID userId, UUID addressId);

    /** Removes it and, if it was the default, promotes the oldest remaining address of its type. */
    Mono<Void> delete(UUID userId, Address address);

    /** How many addresses of this type the user has, counted under the user's lock of their addresses. */
    Mono<Long> countOfType(UUID userId, String type);
}
