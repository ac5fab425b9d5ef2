package app.platform.identity.session.adapter.out.persistence;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.jdbc.PostgreSqlJdbcIndexedSessionRepositoryCustomizer;

/**
 * The hosted pages' browser sessions (Spring Session JDBC): two requests of one browser at once (the sign-in page's
 * passkey autofill answering while another request of the page runs) may both add the same new attribute; Spring
 * Session's plain insert then fails the second with a duplicate key, a 500. An attribute is upserted instead (Spring
 * Session's customizer for PostgreSQL): the later write wins, as it does for an attribute that existed.
 */
@Configuration(proxyBeanMethods = false)
class BrowserSessionStore {

    @Bean
    PostgreSqlJdbcIndexedSessionRepositoryCustomizer attributesUpserted() {
        return new PostgreSqlJdbcIndexedSessionRepositoryCustomizer();
    }
}
