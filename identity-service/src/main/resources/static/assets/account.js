// The account console (/account/): a signed-in person's profile, e-mail address, password, two-step sign-in, passkeys, sessions,
// organizations, settings, their data and closing the account, through the public JSON APIs only (console.js signs
// in and calls them). Each section is built again from the APIs after every change, and focus goes to its heading.
(function () {
  "use strict";
  const { el, api, apiWithEtag, section, words, say, action, form } = Console;
  const app = document.getElementById("app");
  const SECTIONS = {
    profile: ["Profile", profile],
    email: ["E-mail address", email],
    password: ["Password", password],
    "two-factor": ["Two-step sign-in", twoFactor],
    passkeys: ["Passkeys", passkeys],
    sessions: ["Sessions", sessions],
    organizations: ["Organizations", organizations],
    settings: ["Settings", settings],
    data: ["Your data", data],
    close: ["Close your account", close]
  };
  const CONTACT_TYPES = [["mobile", "Mobile"], ["home", "Home"], ["work", "Work"], ["personal", "Personal"],
    ["other", "Other"]];
  const ADDRESS_TYPES = [["home", "Home"], ["billing", "Billing"], ["shipping", "Shipping"], ["work", "Work"],
    ["other", "Other"]];
  const ROLES = [["member", "Member"], ["admin", "Admin"], ["owner", "Owner"]];
  const NO_PASSWORD = "Leave empty if you sign in with a passkey or Google only.";
  const { render, refresh, renderAll: renderSections } = Console.sections(SECTIONS);

  // --- sections ---

  async function renderAll() {
    document.getElementById("loading").remove();
    const invited = new URLSearchParams(location.search).get("invitation");
    if (invited) {
      app.append(invitation(invited));
    }
    await renderSections();
    if (invited) {
      document.getElementById("invitation-title").focus();
    }
  }

  /** Waits for a change's call, then builds section id again and says it is done. */
  async function changed(id, done, call) {
    await call;
    await refresh(id);
    say(done);
  }

  /** Right after sign-up the profile is still being made (from identity's event): try again a few times. */
  function settingUp(s, id, tries) {
    s.append(el("p", { text: "Your profile is being set up: this takes a moment after signing up." }));
    if (tries < 10) {
      setTimeout(function () { render(id, tries + 1); }, 2000);
    } else {
      s.append(el("button", { type: "button", text: "Try again", on: { click: function () { refresh(id); } } }));
    }
  }

  // --- small helpers ---

  function when(instant, none) {
    return instant ? new Date(instant).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })
        : none || "—";
  }

  /** Text for screen readers only: what a repeated button acts on. */
  function spoken(text) {
    return el("span", { class: "visually-hidden", text: text });
  }

  function button(text, about, task) {
    return el("button", { type: "button", on: { click: action(task) } }, text, spoken(" " + about));
  }

  function table(headings, rows, attrs) {
    return el("table", attrs,
        el("thead", {}, el("tr", {}, headings.map(function (h) { return el("th", { scope: "col" }, h); }))),
        el("tbody", {}, rows.map(function (cells) {
          return el("tr", {}, cells.map(function (c) { return el("td", {}, c); }));
        })));
  }

  function blankAsNull(values) {
    return Object.fromEntries(Object.entries(values).map(function ([k, v]) { return [k, v === "" ? null : v]; }));
  }

  /** The values that differ from what was loaded (an empty field is no value). */
  function changes(values, loaded) {
    return blankAsNull(Object.fromEntries(Object.entries(values).filter(function ([k, v]) {
      return v !== (loaded[k] === null || loaded[k] === undefined ? "" : loaded[k]);
    })));
  }

  /** A change guarded by If-Match; changed meanwhile (412), the section shows the latest to change again. */
  async function versioned(id, path, change, etag) {
    try {
      await api("PATCH", path, change, { "If-Match": etag });
    } catch (error) {
      if (error.status === 412) {
        await render(id);
      }
      throw error;
    }
  }

  // --- the invitation of a mailed link (/invitations?token= → /account/?invitation=) ---

  function invitation(token) {
    function answered() {
      history.replaceState(null, "", location.pathname + location.hash);
      document.getElementById("invitation").remove();
    }
    return el("section", { id: "invitation", class: "card invitation", "aria-labelledby": "invitation-title" },
        el("h2", { id: "invitation-title", tabindex: "-1", text: "You are invited to an organization" }),
        el("p", { text: "Your e-mail address was invited to join an organization. Accept to become a member: "
              + "its owners and admins will see your e-mail address." }),
        el("p", { class: "actions" },
            el("button", { type: "button", class: "primary", id: "accept-invitation", text: "Accept",
              on: { click: action(async function () {
                const joined = await api("POST", "/api/identity/invitations/accept", { token: token });
                answered();
                await refresh("organizations");
                say("You joined the organization as " + joined.role + ".");
              }) } }),
            el("button", { type: "button", id: "decline-invitation", text: "Decline",
              on: { click: action(async function () {
                await api("POST", "/api/identity/invitations/decline", { token: token });
                answered();
                app.focus();
                say("You declined the invitation.");
              }) } })));
  }

  // --- profile, contacts, addresses ---

  async function profile(s, tries) {
    let details;
    try {
      details = await apiWithEtag("GET", "/api/profile/me/profile");
    } catch (error) {
      if (error.status !== 404) {
        throw error;
      }
      return settingUp(s, "profile", tries || 0);
    }
    const [contacts, addresses] = await Promise.all([api("GET", "/api/profile/me/contacts"),
      api("GET", "/api/profile/me/addresses")]);
    const fields = details.data;
    s.append(form([
      { name: "displayName", label: "Display name", maxlength: 100, autocomplete: "nickname" },
      { name: "firstName", label: "First name", maxlength: 100, autocomplete: "given-name" },
      { name: "lastName", label: "Last name", maxlength: 100, autocomplete: "family-name" },
      { name: "dateOfBirth", label: "Date of birth", type: "date", autocomplete: "bday" },
      { name: "avatarUrl", label: "Picture (address of an image)", type: "url", hint: "An https:// address." },
      { name: "bio", label: "About you", type: "textarea", maxlength: 2000, rows: 4 },
      { name: "locale", label: "Language", maxlength: 35, hint: "Such as en-GB or fr-FR." },
      { name: "timeZone", label: "Time zone", hint: "Such as Europe/Paris." }
    ].map(function (f) {
      return Object.assign({ id: "profile-" + f.name, value: fields[f.name] }, f);
    }), { text: "Save profile", id: "save-profile" }, async function (values) {
      const change = changes(values, fields);
      if (!Object.keys(change).length) {
        return say("Nothing changed.");
      }
      await versioned("profile", "/api/profile/me/profile", change, details.etag);
      await refresh("profile");
      say("Your profile is saved.");
    }, { class: "fields" }), ...contactsPart(contacts), ...addressesPart(addresses));
  }

  function contactsPart(contacts) {
    return [
      el("h3", { text: "Phone numbers and e-mail addresses" }),
      contacts.length ? table(["Contact", "Kind", "Type", "Status", spoken("Actions")], contacts.map(function (c) {
        return [c.value, c.kind === "phone" ? "Phone" : "E-mail", words(c.type),
          [c.primary ? "Primary" : null, c.verified ? "Verified" : null].filter(Boolean).join(", ") || "—",
          [c.primary ? null : button("Make primary", c.value, function () {
            return changed("profile", c.value + " is your primary " + (c.kind === "phone" ? "phone." : "e-mail."),
                api("PATCH", "/api/profile/me/contacts/" + c.id, { primary: true }));
          }), button("Remove", c.value, function () {
            return changed("profile", c.value + " is removed.", api("DELETE", "/api/profile/me/contacts/" + c.id));
          })]];
      }), { id: "contacts" }) : el("p", { class: "hint", text: "No phone number or e-mail address yet." }),
      form([
        { name: "kind", label: "Kind", type: "select", id: "contact-kind",
          options: [["phone", "Phone"], ["email", "E-mail"]] },
        { name: "type", label: "Type", type: "select", id: "contact-type", options: CONTACT_TYPES },
        { name: "value", label: "Number or address", id: "contact-value", required: true, maxlength: 320,
          hint: "A phone number in international form, such as +33 6 12 34 56 78." }
      ], { text: "Add", id: "add-contact" }, function (values) {
        return changed("profile", values.value + " is added.", api("POST", "/api/profile/me/contacts", values));
      }, { class: "inline" })
    ];
  }

  function oneLine(a) {
    return [a.line1, a.line2, [a.postalCode, a.city].filter(Boolean).join(" "), a.region, a.country]
        .filter(Boolean).join(", ");
  }

  function addressesPart(addresses) {
    return [
      el("h3", { text: "Postal addresses" }),
      addresses.length ? table(["Address", "Type", "Default", spoken("Actions")], addresses.map(function (a) {
        const body = { type: a.type, line1: a.line1, line2: a.line2, city: a.city, region: a.region,
          postalCode: a.postalCode, country: a.country, isDefault: true };
        return [oneLine(a), words(a.type),
          a.isDefault ? "Default" : button("Make default", oneLine(a), function () {
            return changed("profile", "That is your default " + a.type + " address now.",
                api("PUT", "/api/profile/me/addresses/" + a.id, body));
          }),
          button("Remove", oneLine(a), function () {
            return changed("profile", "The address is removed.", api("DELETE", "/api/profile/me/addresses/" + a.id));
          })];
      }), { id: "addresses" }) : el("p", { class: "hint", text: "No postal address yet." }),
      form([
        { name: "type", label: "Type", type: "select", options: ADDRESS_TYPES },
        { name: "line1", label: "Street and number", required: true, maxlength: 200, autocomplete: "address-line1" },
        { name: "line2", label: "More (optional)", maxlength: 200, autocomplete: "address-line2" },
        { name: "postalCode", label: "Postal code", maxlength: 20, autocomplete: "postal-code" },
        { name: "city", label: "City", required: true, maxlength: 100, autocomplete: "address-level2" },
        { name: "region", label: "Region (optional)", maxlength: 100, autocomplete: "address-level1" },
        { name: "country", label: "Country", required: true, maxlength: 2, pattern: "[A-Za-z]{2}",
          autocomplete: "country", hint: "Two letters, such as FR or DE." }
      ].map(function (f) {
        return Object.assign({ id: "address-" + f.name }, f);
      }), { text: "Add address", id: "add-address" }, function (values) {
        return changed("profile", "The address is added.",
            api("POST", "/api/profile/me/addresses", blankAsNull(values)));
      }, { class: "fields grid" })
    ];
  }

  // --- e-mail address ---

  function email(s) {
    s.append(el("p", { id: "current-email", text: "You sign in as " + Console.claims().email + "." }),
        el("p", { text: "We mail a link to the new address; the change is made when you open it. Your current "
              + "address is told as well." }), form([
      { name: "email", label: "New e-mail address", type: "email", id: "new-email", autocomplete: "email",
        required: true, maxlength: 320 },
      { name: "password", label: "Your password", type: "password", id: "email-password",
        autocomplete: "current-password", maxlength: 1024, hint: NO_PASSWORD }
    ], { text: "Change e-mail address", id: "change-email" }, async function (values) {
      const answer = await api("POST", "/api/identity/me/email",
          { email: values.email, password: values.password || undefined });
      await refresh("email");
      say(answer.next);
    }, { class: "fields" }));
  }

  // --- password ---

  function password(s) {
    s.append(el("p", { text: "A new password signs you out on your other devices." }), form([
      { name: "currentPassword", label: "Current password", type: "password", id: "current-password",
        autocomplete: "current-password", maxlength: 1024, hint: NO_PASSWORD },
      { name: "newPassword", label: "New password", type: "password", id: "new-password", autocomplete: "new-password",
        required: true, minlength: 12, maxlength: 1024,
        hint: "At least 12 characters. Common and leaked passwords are refused." }
    ], { text: "Change password", id: "change-password" }, async function (values) {
      await api("POST", "/api/identity/me/password",
          { currentPassword: values.currentPassword || undefined, newPassword: values.newPassword });
      await refresh("password");
      render("sessions");
      say("Your password is changed, and you are signed out on your other devices.");
    }, { class: "fields" }));
  }

  // --- two-step sign-in ---

  async function twoFactor(s, state) {
    if (state && state.enrolment) {
      return enrolment(s, state.enrolment);
    }
    if (state && state.codes) {
      return backupCodes(s, state.codes);
    }
    const status = await api("GET", "/api/identity/two-factor");
    if (!status.enabled) {
      s.append(el("p", { id: "two-factor-status", text: "Two-step sign-in is off. Switched on, signing in also asks "
            + "for a code from an authenticator app on your phone." }),
          el("button", { type: "button", class: "primary", id: "totp-start", text: "Switch on",
            on: { click: action(async function () {
              await refresh("two-factor", { enrolment: await api("POST", "/api/identity/two-factor/totp") });
            }) } }));
      return;
    }
    const left = status.backupCodesLeft;
    const code = { name: "code", label: "A code from your app, or a backup code", required: true, maxlength: 32,
      autocomplete: "one-time-code" };
    s.append(
        el("p", { id: "two-factor-status",
          text: "Two-step sign-in is on. " + left + " backup code" + (left === 1 ? "" : "s") + " left." }),
        el("h3", { text: "New backup codes" }),
        el("p", { text: "New codes replace the ones you have." }),
        form([Object.assign({ id: "backup-codes-code" }, code)],
            { text: "Get new backup codes", id: "new-backup-codes" }, async function (values) {
              const fresh = await api("POST", "/api/identity/two-factor/backup-codes", values);
              await refresh("two-factor", { codes: fresh.backupCodes });
            }, { class: "inline" }),
        el("h3", { text: "Switch off" }),
        form([
          { name: "password", label: "Your password", type: "password", id: "totp-off-password",
            autocomplete: "current-password", maxlength: 1024, hint: NO_PASSWORD },
          Object.assign({ id: "totp-off-code" }, code)
        ], { text: "Switch off", id: "totp-disable", class: "danger" }, function (values) {
          return changed("two-factor", "Two-step sign-in is off.", api("POST", "/api/identity/two-factor/disable",
              { password: values.password || undefined, code: values.code }));
        }, { class: "fields" }));
  }

  function enrolment(s, e) {
    s.append(
        el("ol", { class: "steps" },
            el("li", {}, el("p", { text: "Scan this QR code with your authenticator app." }),
                el("img", { src: e.qrCode, alt: "QR code for your authenticator app", class: "qr" })),
            el("li", {}, el("p", { text: "Or type this key in the app: " },
                el("code", { id: "totp-secret", class: "secret", text: e.secret }))),
            el("li", {}, el("p", { text: "Type the code the app shows." }),
                form([{ name: "code", label: "Code from the app", id: "totp-code", required: true, maxlength: 32,
                  inputmode: "numeric", autocomplete: "one-time-code" }], { text: "Switch on", id: "totp-confirm" },
                async function (values) {
                  const confirmed = await api("POST", "/api/identity/two-factor/totp/confirm", values);
                  await refresh("two-factor", { codes: confirmed.backupCodes });
                  say("Two-step sign-in is on.");
                }, { class: "inline" }))),
        el("button", { type: "button", id: "totp-cancel", text: "Cancel",
          on: { click: function () { refresh("two-factor"); } } }));
  }

  function backupCodes(s, codes) {
    s.append(
        el("p", { text: "Keep these backup codes somewhere safe, such as a password manager: each one signs you in "
              + "once if you lose your phone. They are shown only now." }),
        el("ul", { id: "backup-codes", class: "codes" }, codes.map(function (c) { return el("li", { text: c }); })),
        el("button", { type: "button", class: "primary", id: "backup-codes-saved", text: "I saved them",
          on: { click: function () { refresh("two-factor"); } } }));
  }

  // --- passkeys ---

  async function passkeys(s) {
    const keys = await api("GET", "/api/identity/passkeys");
    s.append(keys.length ? table(["Name", "Added", "Last used", "Synced", spoken("Actions")], keys.map(function (k) {
      return [
        form([{ name: "label", label: "Name of the passkey " + k.label, hideLabel: true, value: k.label,
          required: true, maxlength: 100 }], { text: "Rename", class: null }, async function (values) {
          await changed("passkeys", "The passkey is renamed " + values.label + ".",
              api("PATCH", "/api/identity/passkeys/" + encodeURIComponent(k.id), values));
        }, { class: "inline" }),
        when(k.createdAt), when(k.lastUsedAt, "Never"), k.synced ? "Yes" : "No",
        button("Remove", k.label, async function () {
          if (confirm("Remove the passkey " + k.label + "? It will no longer sign you in.")) {
            await changed("passkeys", "The passkey " + k.label + " is removed.",
                api("DELETE", "/api/identity/passkeys/" + encodeURIComponent(k.id)));
          }
        })];
    }), { id: "passkey-list" }) : el("p", { text: "No passkey yet. A passkey signs you in with your fingerprint, "
          + "face or screen lock instead of a password, and cannot be phished." }),
    el("p", {}, el("a", { class: "button", id: "add-passkey", href: "/passkeys/new?next=/account/%23passkeys",
      text: "Add a passkey" })));
  }

  // --- sessions ---

  /** "Chrome on Linux" from a user agent. */
  function device(userAgent) {
    if (!userAgent) {
      return "Unknown device";
    }
    const names = { Edg: "Edge", OPR: "Opera", "Mac OS X": "macOS", CrOS: "ChromeOS" };
    const browser = ["Edg", "OPR", "Firefox", "Chrome", "Safari"]
        .find(function (b) { return userAgent.includes(b + "/"); });
    const system = ["Android", "iPhone", "iPad", "Windows", "CrOS", "Mac OS X", "Linux"]
        .find(function (os) { return userAgent.includes(os); });
    if (!browser && !system) {
      return userAgent.slice(0, 40);
    }
    return (names[browser] || browser || "A browser") + (system ? " on " + (names[system] || system) : "");
  }

  async function sessions(s) {
    const list = await api("GET", "/api/identity/sessions");
    s.append(el("p", { text: "Where you are signed in: each app and device, this one included." }),
        table(["Device", "App", "IP address", "Signed in", "Last used", spoken("Actions")], list.map(function (x) {
          return [device(x.userAgent), x.clientId, x.ip || "—", when(x.createdAt), when(x.lastUsedAt),
            x.current ? el("span", { class: "tag", text: "This device" })
                : button("Sign out", device(x.userAgent) + ", " + when(x.createdAt), function () {
                  return changed("sessions", "That session is signed out.",
                      api("DELETE", "/api/identity/sessions/" + encodeURIComponent(x.id)));
                })];
        }), { id: "session-list" }),
        list.some(function (x) { return !x.current; }) ? el("button", { type: "button", id: "sign-out-others",
          text: "Sign out all other devices", on: { click: action(async function () {
            const ended = await api("DELETE", "/api/identity/sessions");
            await refresh("sessions");
            say("Signed out " + ended.revoked + " other session" + (ended.revoked === 1 ? "" : "s") + ".");
          }) } }) : null);
  }

  // --- organizations ---

  async function organizations(s) {
    const mine = await api("GET", "/api/identity/organizations");
    const managed = mine.filter(function (o) { return o.role === "owner" || o.role === "admin"; });
    const details = await Promise.all(managed.map(function (o) {
      return Promise.all([api("GET", "/api/identity/organizations/" + o.id + "/members"),
        api("GET", "/api/identity/organizations/" + o.id + "/invitations")]);
    }));
    const active = Console.claims().org_id;
    s.append(mine.length ? table(["Name", "Your role", spoken("Actions")], mine.map(function (o) {
      return [o.name, words(o.role), [
        o.id === active ? el("span", { class: "tag", text: "Active" })
            : button("Make active", o.name, async function () {
              await api("PUT", "/api/identity/organizations/active", { organizationId: o.id });
              say(o.name + " is your active organization from your next sign-in.");
            }),
        button("Leave", o.name, async function () {
          if (confirm("Leave " + o.name + "?")) {
            await changed("organizations", "You left " + o.name + ".",
                api("POST", "/api/identity/organizations/" + o.id + "/leave"));
          }
        })]];
    }), { id: "organization-list" }) : el("p", { class: "hint", text: "You belong to no organization." }),
    form([{ name: "name", label: "Name of a new organization", id: "organization-name", required: true,
      maxlength: 200 }], { text: "Create", id: "create-organization" }, function (values) {
      return changed("organizations", values.name + " is created, and you are its owner.",
          api("POST", "/api/identity/organizations", values));
    }, { class: "inline" }),
    ...managed.map(function (o, i) { return manage(o, details[i][0], details[i][1]); }));
  }

  /** An organization I own or administer: its members, invitations, and inviting. */
  function manage(o, members, invitations) {
    const me = Console.claims().sub;
    const base = "/api/identity/organizations/" + o.id;
    const roles = o.role === "owner" ? ROLES : ROLES.filter(function (r) { return r[0] !== "owner"; });
    return el("div", { class: "organization" },
        el("h3", { text: o.name }),
        el("h4", { text: "Members" }),
        table(["E-mail address", "Role", "Joined", spoken("Actions")], members.map(function (m) {
          if (m.userId === me || (o.role === "admin" && m.role === "owner")) {
            return [m.email, words(m.role), when(m.joinedAt), ""];
          }
          return [m.email,
            form([{ name: "role", label: "Role of " + m.email, hideLabel: true, type: "select", options: roles,
              value: m.role }], { text: "Change", class: null }, function (values) {
              return changed("organizations", m.email + " is " + values.role + " now.",
                  api("PATCH", base + "/members/" + m.userId, values));
            }, { class: "inline" }),
            when(m.joinedAt),
            button("Remove", m.email, async function () {
              if (confirm("Remove " + m.email + " from " + o.name + "?")) {
                await changed("organizations", m.email + " is removed.",
                    api("DELETE", base + "/members/" + m.userId));
              }
            })];
        }), { class: "members" }),
        el("h4", { text: "Invite someone" }),
        form([
          { name: "email", label: "E-mail address", type: "email", required: true, maxlength: 320,
            autocomplete: "off" },
          { name: "role", label: "Role", type: "select", options: roles }
        ], { text: "Send invitation" }, function (values) {
          return changed("organizations", "Invitation sent to " + values.email + ".",
              api("POST", base + "/invitations", values));
        }, { class: "inline invite" }),
        invitations.length ? [el("h4", { text: "Pending invitations" }),
          table(["E-mail address", "Role", "Expires", spoken("Actions")], invitations.map(function (i) {
            return [i.email, words(i.role), when(i.expiresAt),
              button("Cancel", "the invitation of " + i.email, function () {
                return changed("organizations", "The invitation of " + i.email + " is cancelled.",
                    api("DELETE", base + "/invitations/" + i.id));
              })];
          }), { class: "invitations" })] : null);
  }

  // --- settings ---

  async function settings(s, tries) {
    let all;
    try {
      all = await api("GET", "/api/profile/me/settings");
    } catch (error) {
      if (error.status !== 404) {
        throw error;
      }
      return settingUp(s, "settings", tries || 0);
    }
    Object.entries(all).forEach(function ([category, { version, values }]) {
      const title = words(category);
      const entries = Object.entries(values);
      if (category === "security") {
        s.append(el("h3", { text: title }),
            el("p", { class: "hint", text: "Follows your two-step sign-in and passkeys: change them above." }),
            el("dl", {}, entries.map(function ([k, v]) {
              return [el("dt", { text: words(k) }),
                el("dd", { text: v === true ? "Yes" : v === false ? "No" : String(v) })];
            })));
        return;
      }
      // keys ending in At are times the service records (marketingConsentAt), not settings
      const editable = entries.filter(function ([k]) { return !k.endsWith("At"); });
      s.append(form(editable.map(function ([k, v]) {
        const type = typeof v === "boolean" ? "checkbox" : typeof v === "number" ? "number" : "text";
        return { name: k, label: words(k), id: "settings-" + category + "-" + k, type: type,
          checked: v === true, value: type === "checkbox" ? null : v };
      }), { text: "Save " + title.toLowerCase(), id: "save-" + category }, async function (changedValues) {
        const change = changes(changedValues, values);
        if (!Object.keys(change).length) {
          return say("Nothing changed.");
        }
        await versioned("settings", "/api/profile/me/settings/" + category, change, "\"" + version + "\"");
        await refresh("settings");
        say(title + " settings are saved.");
      }, { legend: title, class: "fields settings", id: "settings-" + category }),
      entries.filter(function ([k, v]) { return k.endsWith("At") && v; }).map(function ([k, v]) {
        return el("p", { class: "hint", text: words(k) + ": " + when(v) });
      }));
    });
  }

  // --- your data ---

  function data(s) {
    s.append(el("p", { text: "Everything the platform holds about you, from every service, in one JSON file." }),
        el("button", { type: "button", class: "primary", id: "download-data", text: "Download my data",
          on: { click: action(download) } }));
  }

  async function download() {
    // a part a service refuses (403) or does not have (404) is recorded as null
    function part(path) {
      return api("GET", path).catch(function (error) {
        if (error.status === 403 || error.status === 404) {
          return null;
        }
        throw error;
      });
    }
    async function parts(paths) {
      const names = Object.keys(paths);
      const answers = await Promise.all(names.map(function (name) { return part(paths[name]); }));
      return Object.fromEntries(names.map(function (name, i) { return [name, answers[i]]; }));
    }
    const [profileData, membership, billing, identity] = await Promise.all([
      api("GET", "/api/profile/me/export"),
      parts({ memberships: "/api/membership/memberships", queue: "/api/membership/me/queue",
        kyc: "/api/membership/me/kyc", payouts: "/api/membership/me/payouts",
        disputes: "/api/membership/me/disputes" }),
      parts({ subscriptions: "/api/billing/me/subscriptions", payments: "/api/billing/me/payments",
        paymentMethods: "/api/billing/me/payment-methods", agreements: "/api/billing/me/agreements",
        taxForm: "/api/billing/me/tax-form" }),
      parts({ account: "/api/identity/users/" + Console.claims().sub, twoFactor: "/api/identity/two-factor",
        sessions: "/api/identity/sessions", passkeys: "/api/identity/passkeys",
        organizations: "/api/identity/organizations" })
    ]);
    const everything = { exportedAt: new Date().toISOString(), profile: profileData, membership: membership,
      billing: billing, identity: identity };
    const url = URL.createObjectURL(new Blob([JSON.stringify(everything, null, 2)], { type: "application/json" }));
    const link = el("a", { href: url, download: "my-data.json", class: "hidden" });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
    say("Your data is downloaded as my-data.json.");
  }

  // --- closing the account ---

  function close(s) {
    s.append(el("p", { text: "Closing your account is final. When you close it:" }),
        el("ul", {}, [
          "you are signed out on every device, and nobody can sign in to it again;",
          "your e-mail address is freed, and can be used for a new account;",
          "every service erases your personal data: profile, contacts, addresses, settings and cards;",
          "your memberships end, and your place in the payout queue is lost;",
          "a payout already in progress is still paid to the card on file, and the legal and tax records the law "
              + "requires are kept for as long as it requires;",
          "it cannot be undone."
        ].map(function (t) { return el("li", { text: t }); })),
        form([
          { name: "password", label: "Your password", type: "password", id: "close-password",
            autocomplete: "current-password", maxlength: 1024, hint: NO_PASSWORD },
          { name: "understood", label: "I understand that closing my account cannot be undone", type: "checkbox",
            id: "close-understood", required: true }
        ], { text: "Close my account", id: "close-account", class: "danger" }, async function (values) {
          await api("POST", "/api/identity/me/delete", { password: values.password || undefined });
          location.assign("/login?ended");
        }, { class: "fields" }));
  }

  Console.start(renderAll);
})();
