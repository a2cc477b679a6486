package dev.opsbook.jdbc;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * After a Spring test class whose database is a static {@link TestDatabase} field: closes the class's application
 * context first, then drops the database. Dropped the other way round (the test's {@code @AfterAll}), the cached
 * context's pools, schedulers and controllers kept retrying a database that was gone until the JVM exited, and closing
 * them then took longer than Surefire waits for the fork (it killed it after 30 s). Registered for every Spring test in
 * {@code META-INF/spring.factories}; its order puts its {@code afterTestClass} after the other listeners' (Spring calls
 * them in reverse), so the context has had its last event when it is closed.
 */
public final class DatabaseAfterContext implements TestExecutionListener, org.springframework.core.Ordered {
    @Override
    public int getOrder() {
        return 2_900; // below DirtiesContextTestExecutionListener (3000): its afterTestClass runs after that one's
    }

    @Override
    public void afterTestClass(TestContext testContext) throws Exception {
        List<TestDatabase> databases = new ArrayList<>();
        for (Field field : testContext.getTestClass().getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == TestDatabase.class) {
                field.setAccessible(true);
                databases.add((TestDatabase) field.get(null));
            }
        }
        if (!databases.isEmpty()) {
            testContext.markApplicationContextDirty(DirtiesContext.HierarchyMode.EXHAUSTIVE); // closes the context
            databases.forEach(TestDatabase::close);
        }
    }
}
