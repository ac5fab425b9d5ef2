package app.platform.legacy;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The legacy ledger of a reactive service that imports legacy tables ({@code platform.legacy.ledger=true}), and the
 * service-only reads of it that cdc-relay's reconciliation uses (a {@code services} client-credentials token):
 * {@code GET /api/<service>/internal/legacy/<table>/buckets} (its rows per bucket), {@code …/<table>?bucket=ab&bucket=cd}
 * (the digests of those buckets' rows), {@code …/<table>} (everything), {@code …/<table>/target} (what the service's
 * own tables hold of it, {@link TargetReport}); with {@code platform.legacy.test-switches=true} (tests only),
 * {@code PUT …/<table>/broken-column/<column>} and {@code DELETE …/<table>/broken-column}.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration",
        "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration"})
@ConditionalOnClass({DatabaseClient.class, TransactionalOperator.class})
@ConditionalOnProperty(name = "platform.legacy.ledger", havingValue = "true")
public class LegacyLedgerAutoConfiguration {

    @Bean
    @ConditionalOnBean({DatabaseClient.class, ReactiveTransactionManager.class})
    ReactiveLegacyLedger reactiveLegacyLedger(DatabaseClient db, ReactiveTransactionManager tm) {
        return new ReactiveLegacyLedger(db, TransactionalOperator.create(tm));
    }

    @Bean
    LegacyLedgerMetrics legacyLedgerMetrics() {
        return new LegacyLedgerMetrics();
    }

    /**
     * Every few seconds, the rows waiting for something applied meanwhile ({@link ReactiveLegacyLedger#sweep()}), then
     * the ledger's counts for its metrics.
     */
    @Bean
    LegacyLedgerSweeper legacyLedgerSweeper(ReactiveLegacyLedger ledger, LegacyLedgerMetrics metrics) {
        return new LegacyLedgerSweeper(ledger, metrics);
    }

    static final class LegacyLedgerSweeper {
        private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LegacyLedgerSweeper.class);
        private final ReactiveLegacyLedger ledger;
        private final LegacyLedgerMetrics metrics;

        LegacyLedgerSweeper(ReactiveLegacyLedger ledger, LegacyLedgerMetrics metrics) {
            this.ledger = ledger;
            this.metrics = metrics;
        }

        @org.springframework.scheduling.annotation.Scheduled(fixedDelayString = "${platform.legacy.sweep-interval:PT5S}")
        void sweep() {
            Long applied = ledger.sweep().block(ReactiveLegacyLedger.TIMEOUT);
            if (applied != null && applied > 0) {
                log.info("{} waiting legacy rows applied by the sweep", applied);
            }
            metrics.counted(ledger.counts().block(ReactiveLegacyLedger.TIMEOUT));
        }
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    RouterFunction<ServerResponse> legacyLedgerRoute(ReactiveLegacyLedger ledger,
                                                     @org.springframework.beans.factory.annotation.Value("${platform.legacy.test-switches:false}") boolean testSwitches) {
        var routes = RouterFunctions.route()
                .GET("/api/{service}/internal/legacy/{table}/buckets", request ->
                        ServerResponse.ok().body(ledger.summary(request.pathVariable("table")), ReactiveLegacyLedger.TableSummary.class))
                .GET("/api/{service}/internal/legacy/{table}/target", request ->
                        ServerResponse.ok().body(ledger.target(request.pathVariable("table")), TargetReport.class))
                .GET("/api/{service}/internal/legacy/{table}", request -> {
                    var buckets = request.queryParams().get("bucket");
                    return buckets == null ? ServerResponse.ok().body(ledger.state(request.pathVariable("table")), ReactiveLegacyLedger.TableState.class)
                            : ServerResponse.ok().body(ledger.rows(request.pathVariable("table"), buckets), Map.class);
                });
        if (testSwitches) { // tests only: breaks an importer, to show the verification naming the column
            routes.PUT("/api/{service}/internal/legacy/{table}/broken-column/{column}", request -> {
                ledger.targets().breakColumn(request.pathVariable("table"), request.pathVariable("column"));
                return ServerResponse.noContent().build();
            }).DELETE("/api/{service}/internal/legacy/{table}/broken-column", request -> {
                ledger.targets().mend(request.pathVariable("table"));
                return ServerResponse.noContent().build();
            });
        }
        return routes.build();
    }
}
