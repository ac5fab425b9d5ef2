package app.platform.billing;

import static org.assertj.core.api.Assertions.assertThat;

import app.platform.billing.tax.application.TaxFormStore;
import app.platform.billing.tax.application.TaxForms;
import app.platform.crypto.KeyCipher;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;

/** Tax forms: the tax id sealed, its key rotatable, only its last 4 digits shown. */
class TaxFormsIT extends BillingFeaturesBase {

    @Test
    void aTaxIdIsSealedRotatableAndOnlyItsLast4ComeBack() {
        UUID user = UUID.randomUUID();
        String me = token(user);
        assertThat(call(me, HttpMethod.GET, "/api/billing/me/tax-form", null).text("status")).isEqualTo("missing");
        Reply wrong = call(me, HttpMethod.PUT, "/api/billing/me/tax-form",
                Map.of("kind", "W-9", "legalName", "Ada Lovelace", "country", "DE", "taxId", "123456789"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body().path("errors").get(0).path("field").asString()).isEqualTo("country");
        assertThat(call(me, HttpMethod.PUT, "/api/billing/me/tax-form",
                Map.of("kind", "W-9", "legalName", "Ada Lovelace", "country", "US", "taxId", "12-345")).status()).isEqualTo(400);
        Reply submitted = call(me, HttpMethod.PUT, "/api/billing/me/tax-form",
                Map.of("kind", "W-9", "legalName", "Ada Lovelace", "country", "us", "taxId", "123-45-6789"));
        assertThat(submitted.status()).isEqualTo(200);
        assertThat(submitted.text("status")).isEqualTo("submitted");
        assertThat(submitted.text("taxIdLast4")).isEqualTo("6789");
        assertThat(submitted.body().toString()).doesNotContain("123456789").doesNotContain("123-45");
        byte[] sealed = sealedTaxId(user);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("123456789");
        assertThat(events("TaxFormSubmitted", user)).singleElement().asString().doesNotContain("123456789").doesNotContain("last4");

        Reply verified = call(admin, HttpMethod.POST, "/api/billing/admin/tax-forms/" + user + "/verify", null);
        assertThat(verified.text("status")).isEqualTo("verified");
        assertThat(call(admin, HttpMethod.POST, "/api/billing/admin/tax-forms/" + UUID.randomUUID() + "/verify", null).status())
                .isEqualTo(404);

        // a form sealed before the rotation, under the old key: re-sealed under the new one, same tax id inside
        UUID older = UUID.randomUUID();
        formUnderTheOldKey(older, "987650001");
        Reply rotated = call(admin, HttpMethod.POST, "/api/billing/admin/tax-forms/rotate-key", null);
        assertThat(rotated.body().path("resealed").asLong()).isEqualTo(1);
        assertThat(db.sql("SELECT tax_id_key FROM tax_forms WHERE user_id = :u").bind("u", older).map(r -> r.get(0, String.class))
                .one().block()).isEqualTo("new");
        assertThat(new String(taxForms.reveal(new TaxForms.Sealed(older, sealedTaxId(older), "new")), StandardCharsets.UTF_8))
                .isEqualTo("987650001");
        assertThat(call(admin, HttpMethod.POST, "/api/billing/admin/tax-forms/rotate-key", null).body().path("resealed").asLong())
                .isZero();
    }

    /**
     * A rotation reads a form sealed under the old key, and the member submits a new one before the rotation writes:
     * the rotation leaves the new one (sealed under the current key) as it is instead of putting the old tax id back.
     */
    @Test
    void aRotationNeverWritesAnOldTaxIdOverANewerForm(@Autowired TaxFormStore store) {
        UUID user = UUID.randomUUID();
        formUnderTheOldKey(user, "111220001");
        TaxForms.Sealed read = store.sealedWithOtherKey("new").filter(s -> s.userId().equals(user)).blockFirst();

        assertThat(call(token(user), HttpMethod.PUT, "/api/billing/me/tax-form",
                Map.of("kind", "W-9", "legalName", "Ada Lovelace", "country", "US", "taxId", "333-44-5555")).status()).isEqualTo(200);
        byte[] newer = sealedTaxId(user);
        assertThat(store.reseal(read, new byte[] {1, 2, 3}, "new").block()).isFalse();

        assertThat(sealedTaxId(user)).isEqualTo(newer);
        assertThat(new String(taxForms.reveal(new TaxForms.Sealed(user, newer, "new")), StandardCharsets.UTF_8)).isEqualTo("333445555");
    }

    /** A form sealed before a rotation, under the old key. */
    void formUnderTheOldKey(UUID user, String taxId) {
        byte[] underOld = new KeyCipher(environment.getProperty("billing.tax-id.keys.old")).encrypt(taxId.getBytes(StandardCharsets.UTF_8));
        db.sql("""
                INSERT INTO tax_forms (user_id, kind, legal_name, country, tax_id_sealed, tax_id_key, tax_id_last4, status, submitted_at)
                VALUES (:u, 'W-9', 'Old Form', 'US', :sealed, 'old', '0001', 'submitted', now())""")
                .bind("u", user).bind("sealed", ByteBuffer.wrap(underOld)).then().block();
    }

    byte[] sealedTaxId(UUID user) {
        ByteBuffer b = db.sql("SELECT tax_id_sealed FROM tax_forms WHERE user_id = :u").bind("u", user)
                .map(r -> r.get(0, ByteBuffer.class)).one().block();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }
}
