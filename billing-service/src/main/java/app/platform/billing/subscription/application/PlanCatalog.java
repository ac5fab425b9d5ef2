package app.platform.billing.subscription.application;

import app.platform.billing.subscription.domain.Plan;
import app.platform.errors.InvalidInput;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The plans on offer, from {@code billing.plans.<name>}. */
@ConfigurationProperties("billing")
public record PlanCatalog(Map<String, Plan> plans) {

    public PlanCatalog {
        plans = plans == null ? Map.of() : new TreeMap<>(plans);
    }

    public Plan get(String name) {
        Plan plan = name == null ? null : plans.get(name);
        if (plan == null) {
            throw new InvalidInput("plan", "unknown plan; one of " + plans.keySet());
        }
        return plan;
    }
}
