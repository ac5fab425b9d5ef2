package app.platform.identity.user.application;

/**
 * Whether a password is known from breaches (the new-password policy's breach check): the list shipped in the jar,
 * and Have I Been Pwned's range API when it is switched on ({@code identity.passwords.hibp.enabled}).
 */
public interface BreachedPasswords {

    boolean contains(String password);
}
