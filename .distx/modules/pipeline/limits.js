"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.LIMITS = void 0;
/** CodePipeline service limits the model enforces at synth (AWS CodePipeline quotas and API reference). */
exports.LIMITS = {
    stagesPerPipeline: 50,
    actionsPerStage: 50,
    triggersPerPipeline: 50,
    /** push / pullRequest filters in one git trigger. */
    filtersPerTrigger: 3,
    /** patterns in one includes or excludes list (branches, file paths, tags). */
    patternsPerList: 8,
    rulesPerCondition: 5,
    customActionConfigurationProperties: 10,
};
