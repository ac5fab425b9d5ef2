package app.platform.membership.kyc.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.platform.errors.InvalidInput;
import app.platform.events.EventJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A read never fails on stored data: the rules of a submission are not applied to documents read back. */
class KycDocumentTest {

    @Test
    void aStoredDocumentWithoutACountryIsReadAndShowsTheCountryMissing() {
        // what the legacy import stored for a demo user: a type and a reference, no issuing country
        assertThatCode(() -> new KycDocument("passport", null, "docs://legacy-1")).doesNotThrowAnyException();
        KycDocument stored = KycDocument.fromStorage("passport", null, "docs://legacy-1");

        assertThat(stored.type()).isEqualTo("passport");
        assertThat(stored.country()).isNull();
        assertThat(stored.reference()).isEqualTo("docs://legacy-1");
        assertThat(stored.missing()).containsExactly("country");
        assertThat(KycDocument.missing(KycStatus.APPROVED, List.of(stored))).containsExactly("documents[0].country");
    }

    @Test
    void theStoredJsonIsReadBackAsItWasStored() {
        // the read path: R2dbcVerificationStore reads the jsonb column into KycDocument[]
        KycDocument[] read = EventJson.MAPPER.readValue(
                "[{\"type\":\"passport\",\"reference\":\"docs://legacy-1\"},{\"type\":\"selfie\",\"country\":\"\",\"reference\":null}]",
                KycDocument[].class);

        assertThat(read).hasSize(2);
        assertThat(read[0].country()).isNull();
        assertThat(read[1].type()).isEqualTo("selfie");
        assertThat(read[1].country()).isNull(); // blank reads as absent
        assertThat(KycDocument.missing(KycStatus.SUBMITTED, List.of(read))).containsExactly("documents[0].country",
                "documents[1].type", "documents[1].country", "documents[1].reference");
    }

    @Test
    void aSubmissionStillNeedsEveryFieldValid() {
        assertThatThrownBy(() -> KycDocument.submitted("passport", null, "docs://k3f9-a81c"))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("documents.country"));
        assertThatThrownBy(() -> KycDocument.submitted("passport", "XX", "docs://k3f9-a81c"))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("documents.country"));
        assertThatThrownBy(() -> KycDocument.submitted("passport", "DE", "docs://passport-123456789"))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("documents.reference"));
        KycDocument valid = KycDocument.submitted("passport", " de ", "docs://k3f9-a81c");
        assertThat(valid.country()).isEqualTo("DE");
        assertThat(valid.missing()).isEmpty();
    }

    @Test
    void anImportKeepsWhatIsValidAndLeavesTheRestMissing() {
        KycDocument legacy = KycDocument.imported("PASSPORT", null, "docs://legacy-7");
        assertThat(legacy).isEqualTo(new KycDocument("passport", null, "docs://legacy-7"));
        assertThat(legacy.missing()).containsExactly("country");

        KycDocument complete = KycDocument.imported(" Driving-Licence ", "de", "docs://k3f9-a81c");
        assertThat(complete).isEqualTo(new KycDocument("driving_licence", "DE", "docs://k3f9-a81c"));
        assertThat(complete.missing()).isEmpty();

        // a reference that looks like a document number is never kept; an unknown type neither
        KycDocument doubtful = KycDocument.imported("selfie", "ZZ", "docs://legacy-123456");
        assertThat(doubtful).isEqualTo(new KycDocument(null, null, null));
        assertThat(doubtful.missing()).containsExactly("type", "country", "reference");
    }

    @Test
    void aVerificationPastNotStartedWithoutDocumentsMissesThem() {
        assertThat(KycDocument.missing(KycStatus.NOT_STARTED, List.of())).isEmpty();
        assertThat(KycDocument.missing(KycStatus.APPROVED, List.of())).containsExactly("documents");
        assertThat(KycDocument.missing(KycStatus.APPROVED, null)).containsExactly("documents");
        assertThat(KycDocument.missing(KycStatus.APPROVED,
                List.of(KycDocument.submitted("national_id", "FR", "docs://k3f9-a81c")))).isEmpty();
    }
}
