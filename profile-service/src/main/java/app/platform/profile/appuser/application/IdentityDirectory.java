package app.platform.profile.appuser.application;

import app.platform.profile.appuser.application.ReconcileWithIdentity.IdentityUser;
import java.util.List;
import reactor.core.publisher.Flux;

/** The identity users, in pages. */
public interface IdentityDirectory {
    Flux<List<IdentityUser>> pages();
}
