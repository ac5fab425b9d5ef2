package app.platform.profile.privacy.application;

import app.platform.events.EventMetadata;
import app.platform.outbox.ReactiveOutbox;
import app.platform.events.profile.AppUserStatusChanged;
import app.platform.events.profile.PersonalDataErased;
import app.platform.profile.address.application.Addresses;
import app.platform.profile.appuser.application.AppUserRepository;
import app.platform.profile.appuser.domain.AppUserStatus;
import app.platform.profile.contact.application.Contacts;
import app.platform.profile.details.application.ProfileDetails;
import app.platform.profile.settings.application.Settings;
import app.platform.errors.NotFound;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import reactor.core.publisher.Mono;

/**
 * A person's data in this service: all of it as one JSON document (the right of access), and erasure when the
 * account closes (the row stays as a {@code Closed} tombstone so ids keep resolving; {@code PersonalDataErased}).
 */
@Service
public class PersonalData {

    private final AppUserRepository users;
    private final ProfileDetails profiles;
    private final Contacts contacts;
    private final Addresses addresses;
    private final Settings settings;
    private final ReactiveOutbox outbox;
    private final Clock clock;

    public PersonalData(AppUserRepository users, ProfileDetails profiles, Contacts contacts, Addresses addresses,
                        Settings settings, ReactiveOutbox outbox, Clock clock) {
        this.users = users;
        this.profiles = profiles;
        this.contacts = contacts;
        this.addresses = addresses;
        this.settings = settings;
        this.outbox = outbox;
        this.clock = clock;
    }

    public Mono<Map<String, Object>> export(UUID userId) {
        return users.findByAuthUserId(userId).switchIfEmpty(Mono.error(() -> new NotFound("app user")))
                .flatMap(view -> Mono.zip(profiles.read(userId), contacts.list(userId).collectList(),
                        addresses.list(userId).collectList(),
                        settings.all(userId).collectMap(v -> v.category().id(), Settings.CategoryView::values))
                        .map(parts -> {
                            Map<String, Object> all = new LinkedHashMap<>();
                            all.put("user", view.user());
                            all.put("profile", parts.getT1().fields());
                            all.put("contacts", parts.getT2());
                            all.put("addresses", parts.getT3());
                            all.put("settings", parts.getT4());
                            all.put("exportedAt", clock.instant());
                            return all;
                        }));
    }

    /**
     * Erases the personal data and closes the app user; closing an account erased before changes nothing. One closed
     * by the legacy app (imported closed, its data kept) is erased now. The row is locked first: two closes at once
     * erase once, and a legacy import's batch writing the user's rows (it share-locks the row) commits before the
     * erasure reads them, or sees the account erased.
     */
    @Transactional
    public Mono<Void> close(UUID userId, String reason, EventMetadata metadata) {
        return users.findForUpdate(userId).switchIfEmpty(Mono.error(() -> new NotFound("app user")))
                .filter(locked -> !locked.erased())
                .map(AppUserRepository.Locked::user)
                .flatMap(user -> users.erasePersonalData(user.id())
                        .then(user.status() == AppUserStatus.Closed ? Mono.<Void>empty()
                                : outbox.append(new AppUserStatusChanged(user.id(), user.authUserId(), user.status().name(),
                                        user.status().afterClose().name(), "closed"), metadata).then())
                        .then(outbox.append(new PersonalDataErased(user.id(), user.authUserId(), reason,
                                clock.instant()), metadata)))
                .then();
    }
}
