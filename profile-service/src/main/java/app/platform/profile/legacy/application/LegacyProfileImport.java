package app.platform.profile.legacy.application;

import app.platform.errors.InvalidInput;
import app.platform.events.EventMetadata;
import app.platform.outbox.ReactiveOutbox;
import app.platform.events.profile.AddressChanged;
import app.platform.events.profile.AppUserStatusChanged;
import app.platform.events.profile.ContactAdded;
import app.platform.events.profile.ContactRemoved;
import app.platform.events.profile.ProfileUpdated;
import app.platform.legacy.LegacyChange;
import app.platform.legacy.ReactiveLegacyLedger;
import app.platform.legacy.ReactiveLegacyLedger.Outcome;
import app.platform.profile.address.domain.PostalAddress;
import app.platform.profile.appuser.application.CreateAppUser;
import app.platform.profile.appuser.domain.AppUser;
import app.platform.profile.appuser.domain.AppUserStatus;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The anti-corruption layer of the legacy {@code public.users}, {@code user_profiles}, {@code user_contacts} and
 * {@code user_addresses}. The app user is keyed by the identity user id ({@code auth_user_id}, kept from Supabase)
 * and remembers its legacy id; the rows that refer to a legacy app user wait until it is imported. Each import
 * emits what the native change would ({@code AppUserCreated} with reason {@code imported}, {@code ProfileUpdated},
 * {@code ContactAdded}/{@code ContactRemoved}, {@code AddressChanged}), with the actor {@code legacy-import}.
 */
@Service
public class LegacyProfileImport {

    public static final String USERS = ReactiveLegacyLedger.USERS;
    public static final String PROFILES = "public.user_profiles";
    public static final String CONTACTS = "public.user_contacts";
    public static final String ADDRESSES = "public.user_addresses";
    private static final EventMetadata IMPORT = new EventMetadata(null, "legacy-import");
    private static final Map<String, AppUserStatus> STATUSES = Map.of("pending", AppUserStatus.Pending,
            "active", AppUserStatus.Active, "suspended", AppUserStatus.Suspended, "banned", AppUserStatus.Suspended,
            "closed", AppUserStatus.Closed, "deleted", AppUserStatus.Closed);

    /** The profile tables as the importer writes them. */
    public interface LegacyProfileStore {
        /** Links the legacy id and takes the legacy row's status, address and verification; emits the status before. */
        Mono<AppUserStatus> linkLegacyId(UUID userId, UUID legacyId, AppUserStatus status, String email, boolean verified);

        /** Upserts the profile; emits the names of the fields that changed. */
        Mono<List<String>> upsertProfile(UUID userId, Map<String, String> fields);

        /** Upserts a contact; true when it is new. */
        Mono<Boolean> upsertContact(UUID id, UUID userId, String kind, String type, String value, boolean primary, boolean verified);

        /** Removes a contact; what was removed, if there was one. */
        Mono<Removed> removeContact(UUID id);

        Mono<Boolean> upsertAddress(UUID id, UUID userId, String type, String line1, String city, String postalCode, String country);

        Mono<Removed> removeAddress(UUID id);
    }

    /** A removed contact or address: its owner and its kind or type. */
    public record Removed(UUID owner, String kind) {
    }

    private final ReactiveLegacyLedger ledger;
    private final LegacyProfileStore store;
    private final CreateAppUser createAppUser;
    private final ReactiveOutbox outbox;
    private final Clock clock;

    public LegacyProfileImport(ReactiveLegacyLedger ledger, LegacyProfileStore store, CreateAppUser createAppUser,
                               ReactiveOutbox outbox, Clock clock) {
        this.ledger = ledger;
        this.store = store;
        this.createAppUser = createAppUser;
        this.outbox = outbox;
        this.clock = clock;
        for (String table : List.of(PROFILES, CONTACTS, ADDRESSES)) {
            ledger.retryWith(table, this::apply);
        }
    }

    /** A polled batch of captured changes, in one transaction ({@link ReactiveLegacyLedger#handleBatch}). */
    public void handleBatch(List<String> values) {
        ledger.handleBatch(values, this::apply);
    }

    private Mono<Outcome> apply(LegacyChange c) {
        return switch (c.table()) {
            case USERS -> user(c);
            case PROFILES -> ledger.forUser(c, this::profile);
            case CONTACTS -> ledger.forUser(c, this::contact);
            case ADDRESSES -> ledger.forUser(c, this::address);
            default -> Mono.just(Outcome.refused("not a table of profile-service"));
        };
    }

    private Mono<Outcome> user(LegacyChange c) {
        UUID authUser;
        try {
            authUser = UUID.fromString(c.text("auth_user_id"));
        } catch (RuntimeException e) {
            return Mono.just(Outcome.refused("auth_user_id is not a user id"));
        }
        AppUserStatus status = STATUSES.get(String.valueOf(c.text("status")).toLowerCase(Locale.ROOT));
        if (status == null) {
            return Mono.just(Outcome.refused("unknown status " + c.text("status")));
        }
        if (c.deleted()) {
            status = AppUserStatus.Closed; // the legacy app user is gone: the account stays, closed
        }
        UUID legacyId = UUID.fromString(c.id());
        boolean verified = Boolean.parseBoolean(c.text("email_verified"));
        String email = c.text("email");
        AppUser user = new AppUser(authUser, authUser, email, verified, status, LegacyChange.time(c.row(), "created_at") == null
                ? clock.instant() : LegacyChange.time(c.row(), "created_at"));
        AppUserStatus finalStatus = status;
        return createAppUser.create(user, "imported", IMPORT)
                .then(store.linkLegacyId(authUser, legacyId, finalStatus, email, verified))
                .flatMap(before -> before == finalStatus ? Mono.empty() : outbox.append(new AppUserStatusChanged(
                        authUser, authUser, before.name(), finalStatus.name(), "imported"), IMPORT))
                .thenReturn(Outcome.done());
    }

    private Mono<Outcome> profile(LegacyChange c, UUID user) {
        if (c.deleted()) {
            return Mono.just(Outcome.done()); // the profile row stays: it is the app user's, not a thing of its own
        }
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (String column : List.of("display_name", "first_name", "last_name", "avatar_url", "bio")) {
            if (c.row().has(column)) {
                fields.put(column, c.text(column));
            }
        }
        return store.upsertProfile(user, fields)
                .flatMap(changed -> changed.isEmpty() ? Mono.just(Outcome.done())
                        : outbox.append(new ProfileUpdated(user, changed, clock.instant()), IMPORT).thenReturn(Outcome.done()));
    }

    private Mono<Outcome> contact(LegacyChange c, UUID user) {
        UUID id = UUID.fromString(c.id());
        if (c.deleted()) {
            return store.removeContact(id)
                    .flatMap(removed -> outbox.append(new ContactRemoved(removed.owner(), id, removed.kind(), clock.instant()), IMPORT))
                    .thenReturn(Outcome.done());
        }
        String kind = String.valueOf(c.text("kind")).toLowerCase(Locale.ROOT);
        if (!kind.equals("phone") && !kind.equals("email") || c.text("value") == null) {
            return Mono.just(Outcome.refused("a contact is a phone or an e-mail with a value, not " + kind));
        }
        return store.upsertContact(id, user, kind, kind.equals("phone") ? "mobile" : "personal", c.text("value"),
                        Boolean.parseBoolean(c.text("is_primary")), Boolean.parseBoolean(c.text("verified")))
                .flatMap(added -> added ? outbox.append(new ContactAdded(user, id, kind, clock.instant()), IMPORT)
                        .thenReturn(Outcome.done()) : Mono.just(Outcome.done()))
                .onErrorResume(org.springframework.dao.DataIntegrityViolationException.class,
                        e -> Mono.just(Outcome.refused("a second primary contact of its kind, or the same value twice")));
    }

    private Mono<Outcome> address(LegacyChange c, UUID user) {
        UUID id = UUID.fromString(c.id());
        if (c.deleted()) {
            return store.removeAddress(id)
                    .flatMap(removed -> outbox.append(new AddressChanged(removed.owner(), id, removed.kind(), "removed", clock.instant()), IMPORT))
                    .thenReturn(Outcome.done());
        }
        String type = String.valueOf(c.text("type")).toLowerCase(Locale.ROOT).strip();
        PostalAddress address;
        try {
            // the rules of a new address, so what is imported always reads back as an address
            address = PostalAddress.of(type, c.text("line1"), null, c.text("city"), null, c.text("postal_code"),
                    c.text("country"));
        } catch (InvalidInput e) {
            return Mono.just(Outcome.refused("an address needs a known type, line1, city and an ISO 3166 country code ("
                    + e.field() + " " + e.getMessage() + ")"));
        }
        return store.upsertAddress(id, user, address.type(), address.line1(), address.city(), address.postalCode(),
                        address.country())
                .flatMap(added -> outbox.append(new AddressChanged(user, id, type, added ? "added" : "updated",
                        clock.instant()), IMPORT))
                .thenReturn(Outcome.done());
    }
}
