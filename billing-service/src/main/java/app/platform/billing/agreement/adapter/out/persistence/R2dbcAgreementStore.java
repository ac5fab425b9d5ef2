package app.platform.billing.agreement.adapter.out.persistence;

import app.platform.billing.agreement.application.AgreementStore;
import app.platform.runtime.Times;
import java.time.OffsetDateTime;
import app.platform.billing.agreement.application.Agreements;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Repository
class R2dbcAgreementStore implements AgreementStore {

    private static final String CURRENT = "(SELECT version FROM terms_documents ORDER BY published_at DESC, version DESC LIMIT 1)";

    private final DatabaseClient db;

    R2dbcAgreementStore(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<Agreements.Terms> current() {
        return db.sql("SELECT * FROM terms_documents WHERE version = " + CURRENT)
                .map(r -> new Agreements.Terms(r.get("version", String.class), r.get("text", String.class),
                        r.get("text_hash", String.class), Times.instant(r.get("published_at", OffsetDateTime.class))))
                .one();
    }

    @Override
    public Mono<Boolean> publish(Agreements.Terms t) {
        return db.sql("""
                        INSERT INTO terms_documents (version, text, text_hash, published_at) VALUES (:v, :text, :hash, :at)
                        ON CONFLICT (version) DO NOTHING""")
                .bind("v", t.version()).bind("text", t.text()).bind("hash", t.hash()).bind("at", Times.utc(t.publishedAt()))
                .fetch().rowsUpdated().map(n -> n == 1);
    }

    @Override
    public Mono<Boolean> insert(Agreements.Agreement a) {
        var spec = db.sql("""
                        INSERT INTO user_agreements (id, user_id, terms_version, terms_hash, accepted_at, ip_address, user_agent)
                        VALUES (:id, :user, :v, :hash, :at, :ip, :ua) ON CONFLICT (user_id, terms_version) DO NOTHING""")
                .bind("id", a.id()).bind("user", a.userId()).bind("v", a.termsVersion()).bind("hash", a.termsHash())
                .bind("at", Times.utc(a.acceptedAt()));
        spec = a.ipAddress() == null ? spec.bindNull("ip", String.class) : spec.bind("ip", a.ipAddress());
        spec = a.userAgent() == null ? spec.bindNull("ua", String.class) : spec.bind("ua", a.userAgent());
        return spec.fetch().rowsUpdated().map(n -> n == 1);
    }

    @Override
    public Flux<Agreements.Agreement> ofUser(UUID userId) {
        return db.sql("SELECT * FROM user_agreements WHERE user_id = :user ORDER BY accepted_at")
                .bind("user", userId)
                .map(r -> new Agreements.Agreement(r.get("id", UUID.class), r.get("user_id", UUID.class),
                        r.get("terms_version", String.class), r.get("terms_hash", String.class),
                        Times.instant(r.get("accepted_at", OffsetDateTime.class)), r.get("ip_address", String.class), r.get("user_agent", String.class)))
                .all();
    }

    @Override
    public Mono<Boolean> acceptedCurrent(UUID userId) {
        return db.sql("SELECT count(*) AS n FROM user_agreements WHERE user_id = :user AND terms_version = " + CURRENT)
                .bind("user", userId).map(r -> r.get("n", Long.class) > 0).one();
    }
}
