package dev.opsbook.execution;

/** The fallback: JDK 21, no native access, or {@code -Dopsbook.spawn=processbuilder}. */
class ProcessBuilderStepRunnerTest extends StepRunnerContract {
    @Override
    ProcessStarter starter() {
        return ProcessStarter.processBuilder();
    }
}
