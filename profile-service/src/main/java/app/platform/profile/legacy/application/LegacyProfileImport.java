package app.platform.profile.legacy.application;

import app.platform.events.EventMetadata;
import app.platform.events.profile.AppUserStatusChanged;
import app.platform.legacy.LegacyChange;
import app.platform.legacy.ReactiveLegacyLedger;
import app.platform.legacy.ReactiveLegacyLedger.Outcome;
import app.platform.outbox.ReactiveOutbox;
import app.platform.profile.address.application.Addresses;
import app.platform.profile.appuser.application.AppUserRepository;
import app.platform.profile.appuser.application.CreateAppUser;
import app.platform.profile.appuser.domain.AppUser;
import app.platform.profile.contact.application.Contacts;
import app.platform.profile.details.application.ProfileDetails;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The anti-corruption layer of the legacy {@code public.users}, {@code user_profiles}, {@code user_contacts} and
 * {@code user_addresses}: each row is made into this service's terms by the domain ({@link LegacyProfileRows}) and
 * applied by the services a native change goes through ({@link CreateAppUser}, {@link ProfileDetails},
 * {@link Contacts}, {@link Addresses}), so the rules, the normalisation and the events are the native ones, with the
 * actor {@code legacy-import}. The app user is keyed by the identity user id ({@code auth_user_id}, kept from
 * Supabase) and remembers its legacy id; the rows that name a legacy app user wait until it is imported. A row the
 * domain refuses is reported, not imported.
 */
@Service
public class LegacyProfileImport {

    public static final String USERS = ReactiveLegacyLedger.USERS;
    public static final String PROFILES = "public.user_profiles";
    public static final String CONTACTS = "public.user_contacts";
    public static final String ADDRESSES = "public.user_addresses";
    private static final EventMetadata IMPORT = new EventMetadata(null, "legacy-import");

    private final LegacyProfileStore store;
    private final AppUserRepository users;
    private final CreateAppUser createAppUser;
    private final ProfileDetails profiles;
    private final Contacts contacts;
    private final Addresses addresses;
    private final ReactiveOutbox outbox;
    private final Clock clock;
    private final Function<LegacyChange, Mono<Outcome>> userRows;

    public LegacyProfileImport(ReactiveLegacyLedger ledger, LegacyProfileStore store, AppUserRepository users,
                               CreateAppUser createAppUser,
                               ProfileDetails profiles, Contacts contacts, Addresses addresses, ReactiveOutbox outbox,
                               Clock clock) {
        this.store = store;
        this.users = users;
        this.createAppUser = createAppUser;
        this.profiles = profiles;
        this.contacts = contacts;
        this.addresses = addresses;
        this.outbox = outbox;
        this.clock = clock;
        this.userRows = ledger.forUsers("profile-service", Map.of(PROFILES, this::profile, CONTACTS, this::contact,
                ADDRESSES, this::address));
        // nothing in the import reads the ledger's rows of these again (only their users'): recorded once per batch
        ledger.recordedPerBatch(PROFILES, CONTACTS, ADDRESSES);
    }

    /**
     * The translation the ledger applies to each captured change ({@link ReactiveLegacyLedger#handleBatch}): a legacy
     * app user is imported here, a row that names one is applied for it ({@link ReactiveLegacyLedger#forUsers}).
     */
    public Mono<Outcome> apply(LegacyChange change) {
        return change.table().equals(USERS) ? user(change) : userRows.apply(change);
    }

    private Mono<Outcome> user(LegacyChange c) {
        return ReactiveLegacyLedger.translated(() -> LegacyProfileRows.user(c, clock.instant()),
                "a legacy app user needs its identity user id and a known status", legacy -> {
                    AppUser user = legacy.user();
                    return createAppUser.create(user, "imported", IMPORT)
                            .then(users.findForUpdate(user.id()))
                            .flatMap(locked -> {
                                AppUser before = locked.user();
                                AppUser after = before.afterLegacyChange(user, locked.erased());
                                return store.linkLegacyId(legacy.legacyId(), after)
                                        .then(before.status() == after.status() ? Mono.empty() : outbox.append(
                                                new AppUserStatusChanged(user.id(), user.authUserId(),
                                                        before.status().name(), after.status().name(), "imported"),
                                                IMPORT).then());
                            })
                            .thenReturn(Outcome.done());
                });
    }

    private Mono<Outcome> profile(LegacyChange c, UUID user) {
        if (c.deleted()) {
            return Mono.just(Outcome.done()); // the profile row stays: it is the app user's, not a thing of its own
        }
        return unlessErased(user, () -> ReactiveLegacyLedger.translated(() -> LegacyProfileRows.profile(c),
                "a profile's fields follow the rules of a member's change, but for a biography, kept whole",
                fields -> profiles.set(user, fields, IMPORT).thenReturn(Outcome.done())));
    }

    private Mono<Outcome> contact(LegacyChange c, UUID user) {
        if (c.deleted()) {
            return ReactiveLegacyLedger.translated(() -> LegacyProfileRows.id(c), "a contact's id is a UUID",
                    id -> contacts.removeIfPresent(user, id, IMPORT).thenReturn(Outcome.done()));
        }
        return unlessErased(user, () -> ReactiveLegacyLedger.translated(() -> LegacyProfileRows.contact(c),
                "a contact is a phone or an e-mail with a value a member could add",
                contact -> contacts.put(user, contact, IMPORT).map(put -> put ? Outcome.done()
                        : Outcome.refused("a contact whose value its user has already, or whose id another user's contact has"))));
    }

    private Mono<Outcome> address(LegacyChange c, UUID user) {
        if (c.deleted()) {
            return ReactiveLegacyLedger.translated(() -> LegacyProfileRows.id(c), "an address's id is a UUID",
                    id -> addresses.removeIfPresent(user, id, IMPORT).thenReturn(Outcome.done()));
        }
        return unlessErased(user, () -> ReactiveLegacyLedger.translated(() -> LegacyProfileRows.address(c),
                "an address needs a known type, line1, city and an ISO 3166 country code",
                legacy -> addresses.put(user, legacy.id(), legacy.address(), IMPORT).thenReturn(Outcome.done())));
    }

    /**
     * A legacy row that would write personal data of an account closed here (its data erased) is reported, not
     * applied: closing is final. The user's row stays share-locked, so a close waits for the batch and erases what it
     * wrote, or the batch waits for the close and sees it. An account the legacy app closed keeps taking its rows.
     */
    private Mono<Outcome> unlessErased(UUID user, Supplier<Mono<Outcome>> apply) {
        return store.erasedShared(user).filter(erased -> erased)
                .map(erased -> Outcome.refused("its account was closed here: what it held stays erased"))
                .switchIfEmpty(Mono.defer(apply));
    }
}
