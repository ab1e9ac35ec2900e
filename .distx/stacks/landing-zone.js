"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.buildLandingZone = buildLandingZone;
const pipelines_stack_1 = require("./pipelines-stack");
const target_stack_1 = require("./target-stack");
const tools_stack_1 = require("./tools-stack");
/** Builds the stacks of a validated landing zone and declares the order they must be applied in. */
function buildLandingZone(app, lz) {
    const toolsReplicas = new Map(lz.tools.replicaRegions.map((region) => [region, new tools_stack_1.ToolsReplicaStack(app, { lz, region })]));
    const toolsPrimary = new tools_stack_1.ToolsPrimaryStack(app, {
        lz,
        region: lz.tools.primaryRegion,
        replicaStacks: [...toolsReplicas.values()],
    });
    const targets = new Map(lz.targets.map((target) => [target.name, new target_stack_1.TargetStack(app, { lz, target, toolsPrimary, toolsReplicas })]));
    const pipelines = lz.pipelines.length > 0 ? new pipelines_stack_1.PipelinesStack(app, { lz, toolsPrimary, targets }) : undefined;
    return {
        toolsReplicas,
        toolsPrimary,
        targets,
        ...(pipelines ? { pipelines } : {}),
        all: [...toolsReplicas.values(), toolsPrimary, ...targets.values(), ...(pipelines ? [pipelines] : [])],
    };
}
