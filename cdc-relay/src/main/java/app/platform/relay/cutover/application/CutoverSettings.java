package app.platform.relay.cutover.application;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code relay.cutover.*}: the runbook's settings.
 *
 * @param appRoles the legacy app's database roles, made read-only by {@code freeze} (Supabase: {@code authenticator}
 *                 for PostgREST, {@code supabase_auth_admin} for GoTrue, {@code supabase_storage_admin}); roles the
 *                 legacy database does not have are left out
 * @param apiRoles the roles the legacy app's API writes as (Supabase: {@code anon}, {@code authenticated},
 *                 {@code service_role}, which PostgREST switches to): freeze revokes their write privileges on the
 *                 captured tables, as a read-only default does not stop a {@code BEGIN READ WRITE}
 * @param soak     how long a finalized cutover keeps the replication slot (and its publication) before dropping it
 * @param recheck  how long a verification that found differences waits for the capture and the importers to pass its
 *                 snapshot before it compares the differing tables again (rows in flight are not differences)
 * @param reverseStream whether finalize starts the failback's reverse stream (the services' legacy writers carry
 *                 the platform's changes back to the legacy tables through the soak); without it, a failback loses
 *                 what changed on the platform since the switch
 * @param failback the failback's settings
 */
@ConfigurationProperties("relay.cutover")
public record CutoverSettings(List<String> appRoles, List<String> apiRoles, Duration soak, Duration recheck,
                              boolean reverseStream, Failback failback) {

    /**
     * @param groups  each service's reverse-stream consumer group with the topics it reads: the failback waits for
     *                every one at lag 0
     * @param settle  how long after the platform turns read-only the failback waits for requests in flight (and for
     *                the gateway, which looks at the mode every few seconds)
     * @param timeout how long each wait (the outbox relay past the fence, the groups at lag 0) may take
     */
    public record Failback(Map<String, List<String>> groups, Duration settle, Duration timeout) {

        public Failback {
            groups = groups == null ? Map.of() : Map.copyOf(groups);
            settle = settle == null ? Duration.ofSeconds(5) : settle;
            timeout = timeout == null ? Duration.ofMinutes(10) : timeout;
        }
    }

    public CutoverSettings {
        failback = failback == null ? new Failback(null, null, null) : failback;
        appRoles = appRoles == null ? List.of() : List.copyOf(appRoles);
        apiRoles = apiRoles == null ? List.of() : List.copyOf(apiRoles);
        soak = soak == null ? Duration.ofDays(7) : soak;
        recheck = recheck == null ? Duration.ofSeconds(60) : recheck;
    }
}
