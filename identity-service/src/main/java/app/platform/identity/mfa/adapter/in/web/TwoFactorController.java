package app.platform.identity.mfa.adapter.in.web;

import app.platform.identity.mfa.application.TwoFactor;
import app.platform.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** My TOTP second factor: status, enrolment with a QR code, confirmation, backup codes, switching off. */
@RestController
@RequestMapping("/api/identity/two-factor")
class TwoFactorController {

    private final TwoFactor twoFactor;

    TwoFactorController(TwoFactor twoFactor) {
        this.twoFactor = twoFactor;
    }

    record Status(boolean enabled, int backupCodesLeft) {
    }

    record EnrolmentView(String secret, String otpauthUri, String qrCode) {
    }

    record Code(@NotBlank @Size(max = 32) String code) {
    }

    record Reauthentication(@Size(max = 1024) String password, @Size(max = 32) String code) {
    }

    record BackupCodesView(List<String> backupCodes) {
    }

    @GetMapping
    Status status(@AuthenticationPrincipal Jwt jwt) {
        var user = Caller.id(jwt);
        boolean on = twoFactor.enabled(user);
        return new Status(on, on ? twoFactor.unusedBackupCodes(user) : 0);
    }

    @PostMapping("/totp")
    @ResponseStatus(HttpStatus.CREATED)
    EnrolmentView enrol(@AuthenticationPrincipal Jwt jwt) {
        var enrolment = twoFactor.enrol(Caller.id(jwt));
        return new EnrolmentView(enrolment.secret(), enrolment.otpauthUri(), QrSvg.dataUri(enrolment.otpauthUri()));
    }

    @PostMapping("/totp/confirm")
    BackupCodesView confirm(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody Code body) {
        return new BackupCodesView(twoFactor.confirm(Caller.id(jwt), body.code(), Caller.metadata(jwt)));
    }

    @PostMapping("/backup-codes")
    BackupCodesView regenerate(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody Code body) {
        return new BackupCodesView(twoFactor.regenerateBackupCodes(Caller.id(jwt), body.code()));
    }

    @PostMapping("/disable")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void disable(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody Reauthentication body) {
        twoFactor.disable(Caller.id(jwt), body.password(), body.code(), Caller.metadata(jwt));
    }
}
