// The operator console (/admin/): users, the payout queue, identity checks, payouts, disputes, billing alerts, the
// audit log and the cutover, through the admin APIs only (console.js signs in, with a second factor: the admin APIs
// need a stepped-up admin). Each section is built again from the APIs after every change, and focus goes to its
// heading; a section whose service refuses or is not there says so, and the others work on.
(function () {
  "use strict";
  const { el, api, section, words, say, action, form } = Console;
  const app = document.getElementById("app");
  const SECTIONS = {
    users: ["Users", users],
    queue: ["Payout queue", queue],
    kyc: ["Identity checks", kyc],
    payouts: ["Payouts", payouts],
    disputes: ["Disputes", disputes],
    alerts: ["Billing alerts", alerts],
    audit: ["Audit log", audit],
    cutover: ["Cutover", cutover]
  };
  const UNAVAILABLE = {
    403: "Not available: this service does not let your account in.",
    404: "Not available: this service is not set up here.",
    503: "Not available: this service is not running."
  };
  const { render, refresh, renderAll: renderSections } = Console.sections(SECTIONS, UNAVAILABLE);
  const PAGE = 50;
  const KYC_STATUSES = ["submitted", "in_review", "approved", "rejected", "expired"];
  const REJECTIONS = ["unreadable", "expired_document", "mismatch", "suspected_fraud", "other"];
  const PAYOUT_STATUSES = ["scheduled", "approved", "paid", "failed", "cancelled"];
  const RESOLUTIONS = [["resolved_member", "In the member's favour"],
    ["resolved_operator", "In the operator's favour"]];
  const DECISIONS = [["confirmed", "Confirm"], ["dismissed", "Dismiss"]];

  // --- sections ---

  async function renderAll() {
    document.getElementById("loading").remove();
    const claims = Console.claims();
    if ((claims.app_metadata || {}).role !== "admin") {
      app.append(el("p", { id: "not-operator", class: "alert error",
        text: "You are not an operator: this console is for the platform's operators only." }),
      el("p", {}, el("a", { href: "/account/", text: "Go to your account" })));
      return;
    }
    if (claims.aal !== "aal2") {
      app.append(el("p", { id: "no-second-factor", class: "alert error", text: "Operators sign in with a second "
            + "factor: switch two-step sign-in on in your account, then sign in here again." }),
      el("p", {}, el("a", { href: "/account/#two-factor", text: "Two-step sign-in" })));
      return;
    }
    await renderSections();
  }

  /** Waits for a change's call, then builds section id again (as state) and says it is done. */
  async function changed(id, done, call, state) {
    await call;
    await refresh(id, state);
    say(done);
  }

  // --- small helpers ---

  function when(at) {
    return at ? new Date(at).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" }) : "—";
  }

  /** Text for screen readers only: what a repeated button acts on. */
  function spoken(text) {
    return el("span", { class: "visually-hidden", text: text });
  }

  function button(text, about, task, attrs) {
    return el("button", Object.assign({ type: "button", on: { click: action(task) } }, attrs), text,
        spoken(" " + about));
  }

  function table(headings, rows, attrs) {
    return el("table", attrs,
        el("thead", {}, el("tr", {}, headings.map(function (h) { return el("th", { scope: "col" }, h); }))),
        el("tbody", {}, rows.map(function (cells) {
          return el("tr", {}, cells.map(function (c) { return el("td", {}, c); }));
        })));
  }

  /** "IN_REVIEW" or "in_review" → "In review". */
  function named(value) {
    return words(String(value).toLowerCase().replace(/_/g, " "));
  }

  /** A JSON key as a label: a field's name in words; a key that is data (a table, a group) as it is. */
  function label(key) {
    return /^[a-z][A-Za-z0-9]*$/.test(key) ? words(key) : key;
  }

  /** The path with a query of the params that have a value. */
  function query(path, params) {
    const given = Object.entries(params).filter(function ([, v]) { return v !== "" && v !== null && v !== undefined; });
    return given.length ? path + "?" + new URLSearchParams(given) : path;
  }

  /** A datetime-local field's value as an instant ("" when empty). */
  function instant(local) {
    return local ? new Date(local).toISOString() : "";
  }

  function bytes(n) {
    const units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
    let size = n;
    let unit = 0;
    while (size >= 1024 && unit < units.length - 1) {
      size /= 1024;
      unit++;
    }
    return unit ? size.toFixed(1) + " " + units[unit] + " (" + n.toLocaleString() + " bytes)" : n + " bytes";
  }

  /**
   * A JSON value as it is, whatever its fields: an object as a definition list, a list of objects as a table, yes
   * or no, sizes (keys ending in Bytes) and times (At, Time) readable.
   */
  function shown(value, key) {
    if (value === null || value === undefined) {
      return "—";
    }
    if (Array.isArray(value)) {
      if (!value.length) {
        return "None";
      }
      if (value.every(function (v) { return v && typeof v === "object" && !Array.isArray(v); })) {
        const keys = [...new Set(value.flatMap(Object.keys))];
        return table(keys.map(label), value.map(function (v) {
          return keys.map(function (k) { return shown(v[k], k); });
        }));
      }
      return value.map(function (v) { return typeof v === "object" ? JSON.stringify(v) : String(v); }).join(", ");
    }
    if (typeof value === "object") {
      const entries = Object.entries(value);
      return entries.length ? el("dl", {}, entries.map(function ([k, v]) {
        return [el("dt", { text: label(k) }), el("dd", {}, shown(v, k))];
      })) : "None";
    }
    if (typeof value === "boolean") {
      return value ? "Yes" : "No";
    }
    if (typeof value === "number" && /Bytes$/.test(key)) {
      return bytes(value);
    }
    return typeof value === "string" && /(At|Time)$/.test(key) ? when(value) : String(value);
  }

  /** A form choosing the status section id lists. */
  function statusChoice(id, statuses, current) {
    return form([{ name: "status", label: "Status", type: "select", id: id + "-status", value: current,
      options: statuses.map(function (s) { return [s, named(s)]; }) }], { text: "Show", id: id + "-show", class: null },
    function (values) { return refresh(id, values); }, { class: "inline" });
  }

  /** "Next page" when the page is full (keyset: after its last id), "First page" past the first. */
  function pages(id, state, rows) {
    function to(after) {
      return function () { refresh(id, Object.assign({}, state, { after: after })); };
    }
    return el("p", { class: "actions" },
        state.after ? el("button", { type: "button", text: "First page", on: { click: to("") } }) : null,
        rows.length === PAGE ? el("button", { type: "button", id: id + "-next", text: "Next page",
          on: { click: to(rows[rows.length - 1].id) } }) : null);
  }

  // --- users ---

  async function users(s, state) {
    const view = state || { q: "", after: "" };
    const list = await api("GET", query("/api/identity/admin/users",
        { q: view.q, after: view.after, limit: PAGE }));
    s.append(form([{ name: "q", label: "E-mail address contains", type: "search", id: "user-query", maxlength: 320,
      value: view.q }], { text: "Search", id: "user-search" }, function (values) {
      return refresh("users", { q: values.q, after: "" });
    }, { class: "inline", role: "search" }),
    list.length ? table(["E-mail address", "Status", "Signed up", spoken("Actions")], list.map(function (u) {
      return [u.email || "—", standing(u), when(u.createdAt), u.deleted ? "" : userActions(u, view)];
    }), { id: "user-list" }) : el("p", { class: "hint", text: "No user matches." }),
    pages("users", view, list));
  }

  function banned(u) {
    return Boolean(u.bannedUntil) && Date.parse(u.bannedUntil) > Date.now();
  }

  function standing(u) {
    if (u.deleted) {
      return "Deleted";
    }
    if (banned(u)) { // a ban without an end is kept as the year 9999
      return new Date(u.bannedUntil).getUTCFullYear() >= 9999 ? "Banned for good"
          : "Banned until " + when(u.bannedUntil);
    }
    return u.emailVerified ? "Active" : "Active, e-mail address not verified";
  }

  function userActions(u, state) {
    const who = u.email || u.id;
    const base = "/api/identity/admin/users/" + u.id;
    return [
      banned(u) ? button("Unban", who, function () {
        return changed("users", who + " is unbanned.", api("POST", base + "/unban"), state);
      }, { class: "unban" }) : form([{ name: "until", label: "Ban until (optional)", type: "date" }],
          { text: "Ban", class: "ban danger", "aria-label": "Ban " + who }, async function (values) {
            const until = values.until ? new Date(values.until + "T00:00") : null;
            if (confirm("Ban " + who + (until ? " until " + when(until) : " for good") + "? Every session of theirs "
                + "ends now, and they can no longer sign in.")) {
              await changed("users", who + " is banned.",
                  api("POST", base + "/ban", until ? { until: until.toISOString() } : undefined), state);
            }
          }, { class: "inline" }),
      button("End sessions", who, async function () {
        if (confirm("End every session of " + who + "? They are signed out on every device.")) {
          const ended = await api("DELETE", base + "/sessions");
          await refresh("users", state);
          say("Ended " + ended.revoked + " session" + (ended.revoked === 1 ? "" : "s") + " of " + who + ".");
        }
      }, { class: "end-sessions" })];
  }

  // --- the payout queue ---

  async function queue(s) {
    const entries = await api("GET", "/api/membership/admin/queue");
    s.append(entries.length ? table(["Position", "Member", "Joined", spoken("Actions")], entries.map(function (e) {
      return [String(e.position), e.userId, when(e.joinedAt),
        el("details", {}, el("summary", {}, "Move to position…", spoken(" " + e.userId)), form([
          { name: "position", label: "New position", type: "number", required: true, min: 1, max: entries.length },
          { name: "reason", label: "Why", required: true, maxlength: 500 }
        ], "Move", function (values) {
          return changed("queue", "The member is at position " + values.position + " now.",
              api("POST", "/api/membership/admin/queue/" + e.userId + "/move", values));
        }, { class: "inline" }))];
    }), { id: "queue-list" }) : el("p", { class: "hint", text: "Nobody is in the queue." }));
  }

  // --- identity checks (KYC) ---

  async function kyc(s, state) {
    const view = state || { status: "submitted" };
    const list = await api("GET", query("/api/membership/admin/kyc", view));
    s.append(statusChoice("kyc", KYC_STATUSES, view.status),
        list.length ? table(["Member", "Status", "Documents", "Submitted", spoken("Actions")], list.map(function (v) {
          return [v.userId, named(v.status), documents(v), when(v.submittedAt), kycActions(v, view)];
        }), { id: "kyc-list" })
            : el("p", { class: "hint", text: "No verification is " + named(view.status).toLowerCase() + "." }));
  }

  function documents(v) {
    return el("ul", {}, v.documents.map(function (d) {
      return el("li", { text: [d.type && named(d.type), d.country, d.reference].filter(Boolean).join(", ") || "—" });
    }), v.missing.length ? el("li", { text: "Missing: " + v.missing.join(", ") }) : null);
  }

  function kycActions(v, state) {
    const base = "/api/membership/admin/kyc/" + v.userId;
    const status = v.status.toLowerCase();
    if (status === "submitted") {
      return button("Start review", v.userId, function () {
        return changed("kyc", "The review of " + v.userId + " started: it is listed in review.",
            api("POST", base + "/review"), { status: "in_review" });
      });
    }
    if (status !== "in_review") {
      return "";
    }
    return [
      button("Approve", v.userId, async function () {
        if (confirm("Approve the identity of " + v.userId + "? An approval cannot be undone; it is valid two years.")) {
          await changed("kyc", "The identity of " + v.userId + " is approved.", api("POST", base + "/approve"), state);
        }
      }, { class: "primary" }),
      form([{ name: "reason", label: "Reason", type: "select",
        options: REJECTIONS.map(function (r) { return [r, named(r)]; }) }],
      { text: "Reject", class: "danger", "aria-label": "Reject " + v.userId }, async function (values) {
        if (confirm("Reject the documents of " + v.userId + " (" + named(values.reason).toLowerCase() + ")? This "
            + "cannot be undone: the member must submit documents again.")) {
          await changed("kyc", "The documents of " + v.userId + " are rejected.",
              api("POST", base + "/reject", values), state);
        }
      }, { class: "inline" })];
  }

  // --- payouts ---

  function money(p) {
    return new Intl.NumberFormat(undefined, { style: "currency", currency: p.currency }).format(Number(p.amount));
  }

  async function payouts(s, state) {
    const view = state || { status: "scheduled" };
    const list = await api("GET", query("/api/membership/admin/payouts", view));
    s.append(el("p", {}, el("button", { type: "button", id: "schedule-payout", text: "Schedule the next payout now",
      on: { click: action(async function () {
        const scheduled = await api("POST", "/api/membership/admin/payouts/schedule");
        await refresh("payouts", { status: "scheduled" });
        say(scheduled ? "A payout of " + money(scheduled) + " to " + scheduled.userId + " is scheduled."
            : "Nobody in the queue can be paid now.");
      }) } })),
    statusChoice("payouts", PAYOUT_STATUSES, view.status),
    list.length ? table(["Member", "Amount", "Status", "Scheduled for", "Paid or failed", spoken("Actions")],
        list.map(function (p) {
          return [p.userId, money(p), named(p.status), when(p.scheduledFor),
            p.paidAt ? "Paid " + when(p.paidAt) : p.failure || "—", payoutActions(p, view)];
        }), { id: "payout-list" })
        : el("p", { class: "hint", text: "No payout is " + named(view.status).toLowerCase() + "." }));
  }

  function payoutActions(p, state) {
    const base = "/api/membership/admin/payouts/" + p.id;
    const what = "the payout of " + money(p) + " to " + p.userId;
    const status = p.status.toLowerCase();
    const cancel = button("Cancel", what, async function () {
      if (confirm("Cancel " + what + "? This cannot be undone.")) {
        await changed("payouts", "The payout is cancelled.", api("POST", base + "/cancel"), state);
      }
    }, { class: "danger" });
    if (status === "scheduled") {
      return [button("Approve", what, function () {
        return changed("payouts", "The payout is approved.", api("POST", base + "/approve"), state);
      }, { class: "primary" }), cancel];
    }
    if (status !== "approved") {
      return "";
    }
    return [
      button("Mark paid", what, async function () {
        if (confirm("Mark " + what + " paid? The member leaves the queue; this cannot be undone.")) {
          await changed("payouts", "The payout is paid.", api("POST", base + "/pay"), state);
        }
      }, { class: "primary" }),
      form([{ name: "reason", label: "Why it failed (optional)", maxlength: 200 }],
          { text: "Mark failed", class: "danger", "aria-label": "Mark failed: " + what }, async function (values) {
            if (confirm("Mark " + what + " failed? The member keeps their place in the queue; this cannot be "
                + "undone.")) {
              await changed("payouts", "The payout is marked failed.",
                  api("POST", base + "/fail", { reason: values.reason || undefined }), state);
            }
          }, { class: "inline" }),
      cancel];
  }

  // --- disputes ---

  async function disputes(s) {
    const open = await api("GET", "/api/membership/admin/disputes");
    s.append(open.length ? el("div", { id: "dispute-list" }, open.map(dispute))
        : el("p", { class: "hint", text: "No dispute is open." }));
  }

  function dispute(d) {
    const base = "/api/membership/admin/disputes/" + d.id;
    const about = "the " + named(d.subjectType).toLowerCase() + " " + d.subjectId;
    return el("div", {},
        el("h3", { text: "About " + about }),
        el("p", { class: "hint", text: "Opened by " + d.userId + " on " + when(d.openedAt) + "." }),
        el("ol", {}, d.messages.map(function (m) {
          return el("li", {},
              el("p", {}, el("strong", { text: words(m.from) + ", " + when(m.at) + ": " }), m.text),
              m.evidence ? el("p", { class: "hint", text: "Evidence: " + m.evidence }) : null);
        })),
        form([
          { name: "message", label: "Reply", type: "textarea", required: true, maxlength: 4000, rows: 3 },
          { name: "evidence", label: "Evidence reference (optional)", maxlength: 300 }
        ], "Send the reply", function (values) {
          return changed("disputes", "Your reply is sent.",
              api("POST", base + "/messages", { message: values.message, evidence: values.evidence || undefined }));
        }, { class: "fields" }),
        form([{ name: "resolution", label: "Resolution", type: "select", options: RESOLUTIONS }],
            { text: "Resolve", class: "danger", "aria-label": "Resolve the dispute about " + about },
            async function (values) {
              const favour = Object.fromEntries(RESOLUTIONS)[values.resolution].toLowerCase();
              if (confirm("Resolve the dispute about " + about + " " + favour + "? A resolved dispute cannot be "
                  + "reopened.")) {
                await changed("disputes", "The dispute is resolved.", api("POST", base + "/resolve", values));
              }
            }, { class: "inline" }));
  }

  // --- billing alerts ---

  async function alerts(s) {
    const open = await api("GET", "/api/billing/admin/alerts?status=open");
    s.append(open.length ? table(["Raised", "Rule", "Severity", "Member", "Subject", "Details", spoken("Review")],
        open.map(function (a) {
          return [when(a.createdAt), named(a.rule), named(a.severity), a.userId || "—",
            named(a.subjectType) + " " + a.subjectId, shown(a.details), review(a)];
        }), { id: "alert-list" }) : el("p", { class: "hint", text: "No alert is open." }));
  }

  function review(a) {
    const what = "the alert " + named(a.rule).toLowerCase() + " of " + (a.userId || a.subjectId);
    return form([
      { name: "decision", label: "Decision", type: "select", options: DECISIONS },
      { name: "note", label: "Note (optional)", maxlength: 1000 }
    ], { text: "Review", "aria-label": "Review " + what }, async function (values) {
      if (confirm((values.decision === "confirmed" ? "Confirm " : "Dismiss ") + what + "? An alert is reviewed "
          + "once.")) {
        await changed("alerts", "The alert is " + values.decision + ".", api("POST", "/api/billing/admin/alerts/"
            + a.id + "/review", { decision: values.decision, note: values.note || undefined }));
      }
    }, { class: "inline" });
  }

  // --- the audit log ---

  async function audit(s, state) {
    const view = state || { user: "", type: "", from: "", to: "", after: "" };
    const rows = await api("GET", query("/api/audit/admin/logs", { user: view.user, type: view.type,
      from: instant(view.from), to: instant(view.to), after: view.after, limit: PAGE }), undefined,
    { Accept: "application/json" });
    const verdict = el("div", { id: "chain-result" });
    s.append(form([
      { name: "user", label: "User id", value: view.user, hint: "That user's own history; empty: the system log.",
        pattern: "[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}" },
      { name: "type", label: "Event type", maxlength: 255, value: view.type, hint: "Such as UserBanned." },
      { name: "from", label: "From", type: "datetime-local", value: view.from },
      { name: "to", label: "To", type: "datetime-local", value: view.to }
    ].map(function (f) {
      return Object.assign({ id: "audit-" + f.name }, f);
    }), { text: "Search", id: "audit-search" }, function (values) {
      return refresh("audit", Object.assign(values, { after: "" }));
    }, { class: "fields grid", role: "search" }),
    rows.length ? table(["Time", "Type", "Aggregate", "Actor", "Correlation id"], rows.map(function (r) {
      return [when(r.occurredAt), r.eventType, [r.aggregateType, r.aggregateId].filter(Boolean).join(" "),
        r.actor || "—", r.correlationId || "—"];
    }), { id: "audit-list" }) : el("p", { class: "hint", text: "No entry matches." }),
    pages("audit", view, rows),
    el("h3", { text: "The chains" }),
    el("p", { text: "Every entry is chained to the one before it: an entry changed or removed breaks its chain." }),
    el("button", { type: "button", id: "verify-chain", text: "Verify the chain", on: { click: action(async function () {
      const report = await api("GET", "/api/audit/admin/verify");
      verdict.replaceChildren(...chains(report));
      say(report.intact ? "Every chain is intact." : "A chain is broken.");
    }) } }),
    verdict);
  }

  /** Why the system log's anchored end does not hold (audit's verification, systemEndProblem). */
  const END_PROBLEMS = {
    missing: "the entry it ended at is gone: entries were removed from its end",
    diverged: "entries were removed from its end before later ones were added",
    unsigned: "the record of where it ends is not signed by the audit service"
  };

  function chains(report) {
    if (report.intact) {
      return [el("p", { class: "alert success", text: "Intact: the " + report.systemRows + " entries of the system log "
            + "and the " + report.userRows + " entries of " + report.users + " users' histories verify." })];
    }
    return [el("p", { class: "alert error", text: "Broken: an entry was changed or removed. Where:" }),
      el("ul", {},
          report.systemFirstBrokenLink != null
            ? el("li", { text: "System log: entry " + report.systemFirstBrokenLink }) : null,
          report.systemEndProblem != null
            ? el("li", { text: "System log: " + (END_PROBLEMS[report.systemEndProblem] || report.systemEndProblem) }) : null,
          Object.entries(report.userFirstBrokenLinks || {}).map(function ([user, entry]) {
            return el("li", { text: "History of " + user + ": entry " + entry });
          }))];
  }

  // --- the cutover (cdc-relay's runbook: preflight, freeze, drain, verify, finalize; unfreeze, rollback) ---

  const STEPS = {
    freeze: { label: "Freeze", title: "Freeze the legacy app",
      does: "The legacy app's database roles become read-only and their open sessions end: from now on the legacy "
          + "app refuses every write. The fence is taken.",
      undo: "It can be undone: Unfreeze gives the legacy app its writes back.", done: "Frozen: the fence is taken." },
    drain: { label: "Drain", title: "Drain past the fence",
      does: "Checks that the capture and every importer are past the fence; until they are, it says how far they got.",
      undo: "It changes nothing, and can be repeated.", done: "Drained: everything before the fence is imported." },
    verify: { label: "Verify", title: "Verify the tables",
      does: "Compares every captured table with what the services hold, at the fence. A match records the cutover "
          + "verified.", undo: "It changes nothing but the cutover's state, and can be repeated." },
    finalize: { label: "Finalize", title: "Finalize the cutover", final: true,
      does: "The capture stops for good and the new services become the system of record. The replication slot is "
          + "kept for the soak, then dropped.",
      undo: "It cannot be undone: after finalize there is no rollback.", done: "Finalized: the cutover is over." },
    unfreeze: { label: "Unfreeze", title: "Unfreeze the legacy app",
      does: "The legacy app's roles become writable again and the fence is given up: back to capturing.",
      undo: "It can be undone by freezing again, with a new fence; drain and verify must then pass again.",
      done: "Unfrozen: the legacy app writes again." },
    rollback: { label: "Roll back", title: "Roll the cutover back", final: true,
      does: "Abandons the cutover: the capture stops, the replication slot and publication are dropped, and the "
          + "legacy app's roles are writable again. The legacy database stays the system of record.",
      undo: "It cannot be undone: a new attempt needs a fresh relay database.",
      done: "Rolled back: the legacy database stays the system of record." }
  };
  const NEXT = { capturing: "freeze", frozen: "drain", drained: "verify", verified: "finalize" };
  const MEANINGS = {
    capturing: "The legacy database is captured while the legacy app still writes.",
    frozen: "The legacy app can no longer write; the fence is taken.",
    drained: "The capture and every importer are past the fence.",
    verified: "The services matched the legacy database at the fence.",
    finalized: "The new services are the system of record.",
    rolled_back: "The legacy database stays the system of record."
  };
  let live = null; // the parts of the cutover's section that its status updates
  let poll = null;
  let onScreen = false;
  const watcher = new IntersectionObserver(function (entries) {
    onScreen = entries[entries.length - 1].isIntersecting;
    polling();
  });
  document.addEventListener("visibilitychange", polling);

  /** The status is polled every 5 s while the cutover's section is on screen and the page is visible. */
  function polling() {
    const wanted = onScreen && !document.hidden;
    if (wanted && !poll) {
      poll = setInterval(updateStatus, 5000);
    } else if (!wanted && poll) {
      clearInterval(poll);
      poll = null;
    }
  }

  async function updateStatus() {
    try {
      showStatus(await api("GET", "/api/cutover/admin/status"));
    } catch (error) {
      live.details.replaceChildren(el("p", { class: "alert error",
        text: "The status did not update: " + error.message }));
    }
  }

  async function cutover(s) {
    const [status, preflight] = await Promise.all([api("GET", "/api/cutover/admin/status"),
      api("GET", "/api/cutover/admin/preflight")]);
    live = { state: el("strong", { id: "cutover-state" }), meaning: el("span"),
      steps: el("div", { id: "cutover-steps" }), details: el("div", { id: "cutover-status" }) };
    const report = el("div", { id: "cutover-report" });
    s.append(el("p", {}, "State: ", live.state, ". ", live.meaning), live.steps,
        el("div", { id: "verification" }),
        el("h3", { text: "Status" }), live.details,
        el("h3", { text: "The tables" }),
        el("p", {}, el("button", { type: "button", id: "compare-tables", text: "Compare the tables now",
          on: { click: action(async function () {
            report.replaceChildren(...reconciliation(await api("GET", "/api/cutover/report")));
            say("The tables are compared.");
          }) } })),
        report,
        el("h3", { text: "Preflight" }), ...checks(preflight));
    showStatus(status);
    watcher.disconnect();
    watcher.observe(s);
  }

  /** The status as it is; the steps built again when the state changed (so that focus stays put meanwhile). */
  function showStatus(status) {
    const { state, ...rest } = status;
    if (live.state.textContent !== state) {
      live.state.textContent = state;
      live.meaning.textContent = MEANINGS[state] || "";
      live.steps.replaceChildren(...steps(state, status.captureConfigured));
    }
    live.details.replaceChildren(shown(rest));
  }

  /** The runbook's next step (primary), unfreeze and rollback where they apply, and re-snapshotting a table. */
  function steps(state, configured) {
    if (!NEXT[state]) {
      return [el("p", { text: "The cutover is over: no step is left." })];
    }
    if (!configured) {
      return [el("p", { text: "No legacy database is configured here: there is no cutover to run." })];
    }
    const others = state === "capturing" ? ["rollback"] : ["unfreeze", "rollback"];
    return [
      el("p", { class: "actions" }, [NEXT[state]].concat(others).map(function (key, i) {
        const step = STEPS[key];
        return el("button", { type: "button", id: "cutover-" + key, text: step.label,
          class: i === 0 ? "primary" : step.final ? "danger" : null, on: { click: action(async function () {
            if (await confirmStep(step)) {
              await runStep(key);
            }
          }) } });
      })),
      form([{ name: "table", label: "Capture a table again", id: "resnapshot-table", required: true,
        pattern: "[A-Za-z_][A-Za-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_]*", hint: "schema.table, such as public.users." }],
      { text: "Capture again", id: "cutover-resnapshot", class: null }, async function (values) {
        if (await confirmStep({ label: "Capture again", title: "Capture " + values.table + " again",
          does: "Its ghost rows (rows the services hold that the legacy table no longer has) are deleted, then the "
              + "table is read again. A drained or verified cutover goes back to frozen: drain and verify must pass "
              + "again.",
          undo: "Nothing to undo: rows the services already hold read the same." })) {
          const done = await api("POST", query("/api/cutover/admin/resnapshot", { table: values.table }));
          showStatus(await api("GET", "/api/cutover/admin/status"));
          say(done.ghostRowsRemoved + " ghost rows removed; " + done.table + " is being read again.");
        }
      }, { class: "inline" })];
  }

  /** Asks in a modal dialog, naming what the step does and whether it can be undone: true once confirmed. */
  function confirmStep(step) {
    const dialog = el("dialog", { "aria-labelledby": "step-title", "aria-describedby": "step-does" },
        el("h2", { id: "step-title", text: step.title + "?" }),
        el("p", { id: "step-does", text: step.does }),
        el("p", {}, el("strong", { text: step.undo })),
        el("form", { method: "dialog", class: "actions" },
            el("button", { value: "cancel", text: "Cancel" }),
            el("button", { value: "confirm", id: "confirm-step", class: step.final ? "danger" : "primary",
              text: step.label })));
    document.body.append(dialog);
    dialog.showModal();
    return new Promise(function (resolve) {
      dialog.addEventListener("close", function () {
        dialog.remove();
        resolve(dialog.returnValue === "confirm");
      });
    });
  }

  async function runStep(key) {
    const answer = await api("POST", "/api/cutover/admin/" + key);
    const done = key === "verify" ? verdict(await follow(answer)) : STEPS[key].done;
    showStatus(await api("GET", "/api/cutover/admin/status"));
    document.getElementById("cutover").focus();
    say(done);
  }

  /** Shows a verification's progress until it ends, then its verdict and report; the job as it ended. */
  async function follow(job) {
    const where = document.getElementById("verification");
    while (job.state === "running") {
      where.replaceChildren(el("p", {},
          el("label", { for: "verification-progress",
            text: "Verifying: " + job.tablesDone + " of " + job.tablesTotal + " tables compared " }),
          el("progress", { id: "verification-progress", max: job.tablesTotal || 1, value: job.tablesDone })));
      await new Promise(function (resolve) { setTimeout(resolve, 1000); });
      job = await api("GET", "/api/cutover/admin/verify/" + encodeURIComponent(job.id));
    }
    where.replaceChildren(el("p", { class: job.state === "matched" ? "alert success" : "alert error",
      text: verdict(job) }), ...(job.report ? reconciliation(job.report) : []));
    return job;
  }

  function verdict(job) {
    const note = job.note ? " " + job.note + "." : "";
    if (job.state === "matched") {
      return "Matched at the fence " + job.fence + (job.recorded ? ": the cutover is verified." : ".") + note;
    }
    return (job.state === "differs" ? "Some tables differ: see them below." : "The verification failed.") + note;
  }

  /** The reconciliation report: per table, the counts of both sides, what differs, and whether it matches. */
  function reconciliation(report) {
    return [el("p", { text: (report.matches ? "Every table matches" : "Some tables differ") + " (compared "
          + when(report.at) + ")." }),
    table(["Table", "Legacy rows", "Imported", "Missing", "Extra", "Changed", "Problems", "Waiting",
      "Services' tables", "Matches"], report.tables.map(function (t) {
      const held = t.target;
      const differences = t.missingCount + t.extraCount + t.changedCount + t.problemCount
          + (held ? held.missingCount + held.extraCount + held.changedCount : 0);
      const error = t.error || (held && held.error);
      const services = held ? held.error || held.missingCount + " missing, " + held.extraCount + " extra, "
          + held.changedCount + " changed" : "—";
      const counts = [t.legacyCount, t.importedCount, t.missingCount, t.extraCount, t.changedCount, t.problemCount,
        t.waiting].map(String);
      return [t.table, ...counts, services, error ? "No: " + error : t.checksumMatch && !differences ? "Yes" : "No"];
    }), { class: "report" })];
  }

  function checks(preflight) {
    return [
      el("p", { class: preflight.passed ? "alert success" : "alert error", text: preflight.passed
        ? "The preflight passed: the legacy database can be captured."
        : "The preflight failed: apply the fix of each failing check, then run it again." }),
      table(["Check", "Result", "Found", "Fix"], preflight.checks.map(function (c) {
        return [el("code", { text: c.name }),
          el("span", { class: "tag", text: c.passed ? "Pass" : c.severity === "warning" ? "Warn" : "Fail" }),
          c.found || "—", c.fix ? el("code", { text: c.fix }) : "—"];
      }), { id: "preflight" }),
      el("button", { type: "button", id: "preflight-again", text: "Run the preflight again",
        on: { click: function () { refresh("cutover"); } } })];
  }

  Console.start(renderAll);
})();
