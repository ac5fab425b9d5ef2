package app.platform.profile.address.adapter.out.persistence;

import app.platform.profile.address.application.AddressStore;
import app.platform.runtime.Times;
import app.platform.profile.address.application.Addresses;
import app.platform.profile.address.domain.PostalAddress;
import app.platform.profile.shared.adapter.out.persistence.OnePerGroup;
import io.r2dbc.spi.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Repository
class R2dbcAddressStore implements AddressStore {

    private static final OnePerGroup DEFAULT = new OnePerGroup("user_addresses", "type", "is_default");
    private static final String COLUMNS = "SELECT id, type, line1, line2, city, region, postal_code, country, is_default, "
            + "created_at FROM user_addresses ";
    private final DatabaseClient db;

    R2dbcAddressStore(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Flux<Addresses.Address> list(UUID userId) {
        return db.sql(COLUMNS + "WHERE user_id = :user ORDER BY type, created_at, id").bind("user", userId)
                .map((row, meta) -> address(row)).all();
    }

    @Override
    public Mono<Addresses.Address> find(UUID userId, UUID addressId) {
        return db.sql(COLUMNS + "WHERE user_id = :user AND id = :id").bind("user", userId).bind("id", addressId)
                .map((row, meta) -> address(row)).one();
    }

    @Override
    public Mono<Void> insert(UUID userId, UUID id, PostalAddress a, Instant now) {
        return bindFields(db.sql("""
                        INSERT INTO user_addresses (id, user_id, type, line1, line2, city, region, postal_code, country,
                                                    created_at, updated_at)
                        VALUES (:id, :user, :type, :line1, :line2, :city, :region, :postal, :country, :now, :now)""")
                .bind("now", Times.utc(now)), userId, id, a).then();
    }

    @Override
    public Mono<Void> replace(UUID userId, UUID id, PostalAddress a) {
        return bindFields(db.sql("""
                        UPDATE user_addresses SET type = :type, line1 = :line1, line2 = :line2, city = :city,
                            region = :region, postal_code = :postal, country = :country, updated_at = now()
                        WHERE id = :id AND user_id = :user"""), userId, id, a).then();
    }

    @Override
    public Mono<Void> makeDefault(UUID userId, UUID addressId) {
        return DEFAULT.flag(db, userId, addressId);
    }

    @Override
    public Mono<Void> delete(UUID userId, Addresses.Address address) {
        return DEFAULT.lock(db, userId).then(db.sql("DELETE FROM user_addresses WHERE user_id = :user AND id = :id")
                .bind("user", userId).bind("id", address.id()).then()
                .then(DEFAULT.promoteOldest(db, userId, address.address().type())));
    }

    @Override
    public Mono<Long> countOfType(UUID userId, String type) {
        return DEFAULT.held(db, userId, type);
    }

    private static DatabaseClient.GenericExecuteSpec bindFields(DatabaseClient.GenericExecuteSpec sql, UUID userId, UUID id,
                                                                PostalAddress a) {
        sql = sql.bind("id", id).bind("user", userId).bind("type", a.type()).bind("line1", a.line1())
                .bind("city", a.city()).bind("country", a.country());
        sql = a.line2() == null ? sql.bindNull("line2", String.class) : sql.bind("line2", a.line2());
        sql = a.region() == null ? sql.bindNull("region", String.class) : sql.bind("region", a.region());
        return a.postalCode() == null ? sql.bindNull("postal", String.class) : sql.bind("postal", a.postalCode());
    }

    /** As stored: an address read back is never refused by the rules of a new one. */
    private static Addresses.Address address(Row row) {
        return new Addresses.Address(row.get("id", UUID.class),
                PostalAddress.fromStorage(row.get("type", String.class), row.get("line1", String.class),
                        row.get("line2", String.class), row.get("city", String.class), row.get("region", String.class),
                        row.get("postal_code", String.class), row.get("country", String.class)),
                Boolean.TRUE.equals(row.get("is_default", Boolean.class)),
                row.get("created_at", OffsetDateTime.class).toInstant());
    }
}
