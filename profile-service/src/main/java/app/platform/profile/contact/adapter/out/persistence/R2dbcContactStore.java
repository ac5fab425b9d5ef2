package app.platform.profile.contact.adapter.out.persistence;

import app.platform.profile.contact.application.ContactStore;
import app.platform.runtime.Times;
import app.platform.profile.contact.application.Contacts;
import app.platform.profile.contact.domain.ContactValue;
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
class R2dbcContactStore implements ContactStore {

    private static final OnePerGroup PRIMARY = new OnePerGroup("user_contacts", "kind", "is_primary");
    private static final String COLUMNS = "SELECT id, kind, type, value, is_primary, verified, created_at FROM user_contacts ";
    private final DatabaseClient db;

    R2dbcContactStore(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Flux<Contacts.Contact> list(UUID userId) {
        return db.sql(COLUMNS + "WHERE user_id = :user ORDER BY kind, created_at, id").bind("user", userId)
                .map((row, meta) -> contact(row)).all();
    }

    @Override
    public Mono<Contacts.Contact> find(UUID userId, UUID contactId) {
        return db.sql(COLUMNS + "WHERE user_id = :user AND id = :id").bind("user", userId).bind("id", contactId)
                .map((row, meta) -> contact(row)).one();
    }

    @Override
    public Mono<Boolean> insert(UUID userId, Contacts.ContactData contact, Instant now) {
        ContactValue value = contact.value();
        return db.sql("""
                        INSERT INTO user_contacts (id, user_id, kind, type, value, verified, created_at, updated_at)
                        VALUES (:id, :user, :kind, :type, :value, :verified, :now, :now) ON CONFLICT DO NOTHING""")
                .bind("id", contact.id()).bind("user", userId).bind("kind", value.kind()).bind("type", value.type())
                .bind("value", value.value()).bind("verified", contact.verified())
                .bind("now", Times.utc(now))
                .fetch().rowsUpdated().map(rows -> rows == 1);
    }

    @Override
    public Mono<Void> setType(UUID userId, UUID contactId, String type) {
        return db.sql("UPDATE user_contacts SET type = :type, updated_at = now() WHERE user_id = :user AND id = :id")
                .bind("type", type).bind("user", userId).bind("id", contactId).then();
    }

    @Override
    public Mono<Void> setVerified(UUID userId, UUID contactId, boolean verified) {
        return db.sql("UPDATE user_contacts SET verified = :verified, updated_at = now() WHERE user_id = :user AND id = :id")
                .bind("verified", verified).bind("user", userId).bind("id", contactId).then();
    }

    @Override
    public Mono<Void> makePrimary(UUID userId, UUID contactId) {
        return PRIMARY.flag(db, userId, contactId);
    }

    @Override
    public Mono<Void> delete(UUID userId, Contacts.Contact contact) {
        return PRIMARY.lock(db, userId).then(db.sql("DELETE FROM user_contacts WHERE user_id = :user AND id = :id")
                .bind("user", userId).bind("id", contact.id()).then()
                .then(PRIMARY.promoteOldest(db, userId, contact.kind())));
    }

    @Override
    public Mono<Long> countOfKind(UUID userId, String kind) {
        return PRIMARY.held(db, userId, kind);
    }

    private static Contacts.Contact contact(Row row) {
        return new Contacts.Contact(row.get("id", UUID.class), row.get("kind", String.class), row.get("type", String.class),
                row.get("value", String.class), Boolean.TRUE.equals(row.get("is_primary", Boolean.class)),
                Boolean.TRUE.equals(row.get("verified", Boolean.class)), row.get("created_at", OffsetDateTime.class).toInstant());
    }
}
