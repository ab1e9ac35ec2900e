"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.artifactFootprint = artifactFootprint;
exports.organizationScope = organizationScope;
exports.toolsObjectGrants = toolsObjectGrants;
const pipeline_1 = require("../config/pipeline");
const artifact_layout_1 = require("../modules/shared/artifact-layout");
const naming_1 = require("./naming");
const pipeline_factory_1 = require("./pipeline-factory");
const cache = new WeakMap();
// CloudFormation actions that pass the account's own execution role (the default one).
function passesExecutionRole(cfg) {
    return cfg.type === "cloudformation" && cfg.deploymentRoleArn === undefined && cfg.actionMode !== "CHANGE_SET_EXECUTE";
}
/** One pass over every action of the landing zone (cached): linear in the number of actions. */
function artifactFootprint(lz) {
    const cached = cache.get(lz);
    if (cached)
        return cached;
    const keys = new Map();
    const trusted = new Map();
    const naming = new naming_1.Naming(lz);
    const place = (pipeline, roleArn, target, region, reads, outputs, cloudFormation, revisions = []) => {
        const roles = trusted.get(target) ?? [];
        if (roles[roles.length - 1] !== roleArn)
            roles.push(roleArn);
        trusted.set(target, roles);
        const byRegion = keys.get(target) ?? new Map();
        keys.set(target, byRegion);
        const k = byRegion.get(region) ?? { actionRead: new Set(), actionWrite: new Set(), cloudFormationRead: new Set(), instanceRead: new Set() };
        byRegion.set(region, k);
        if (reads)
            k.actionRead.add((0, artifact_layout_1.pipelineArtifactKeys)(pipeline));
        for (const out of outputs)
            k.actionWrite.add((0, artifact_layout_1.artifactKeys)(pipeline, out));
        if (cloudFormation && reads)
            k.cloudFormationRead.add((0, artifact_layout_1.pipelineArtifactKeys)(pipeline));
        for (const r of revisions)
            k.instanceRead.add((0, artifact_layout_1.artifactKeys)(pipeline, r));
    };
    for (const p of lz.pipelines) {
        const roleArn = naming.pipelineServiceRoleArn(lz.tools.accountId, p.name);
        for (const s of p.stages) {
            for (const cfg of s.actions) {
                const target = "account" in cfg ? cfg.account : undefined;
                if (!target)
                    continue;
                const region = ("region" in cfg ? cfg.region : undefined) ?? lz.tools.primaryRegion;
                const { inputs, outputs } = (0, pipeline_1.entryArtifacts)(cfg);
                place(p.name, roleArn, target, region, inputs.length > 0, outputs, passesExecutionRole(cfg), cfg.type === "codedeploy" ? inputs : []);
            }
        }
    }
    for (const e of lz.externalPipelines) {
        for (const a of e.actions)
            place(e.name, e.roleArn, a.account, a.region ?? lz.tools.primaryRegion, a.inputs, [], a.cloudFormation);
    }
    // A role named by several external pipelines (or twice for one target) is trusted once.
    for (const [t, roles] of trusted)
        trusted.set(t, [...new Set(roles)]);
    const footprint = { keys, trusted };
    cache.set(lz, footprint);
    return footprint;
}
/** The organization scope of the landing-zone file, for the modules' grants. */
function organizationScope(lz) {
    const org = lz.organization;
    return org ? { id: org.id, paths: org.paths, listAccountsUpTo: org.listAccountsUpTo } : undefined;
}
/**
 * The tools account's roles on the store of `region`, each on its pipeline's folder only: every
 * pipeline's service role (reads and writes its folder), its CodeBuild projects' roles (read the
 * folder, write their own outputs), and the roles of external pipelines (their folder). Same
 * account as the store: the key policy grants them, their own (folder-scoped) policies do the rest.
 */
function toolsObjectGrants(lz, region) {
    const naming = new naming_1.Naming(lz);
    const role = (name) => naming.roleArn(lz.tools.accountId, name);
    const grants = [];
    for (const p of lz.pipelines) {
        const folder = (0, artifact_layout_1.pipelineArtifactKeys)(p.name);
        if ((0, pipeline_factory_1.pipelineRegions)(lz, p).has(region))
            grants.push({ roleArns: [naming.pipelineServiceRoleArn(lz.tools.accountId, p.name)], read: [folder], write: [folder], inBucketPolicy: false });
        for (const s of p.stages) {
            for (const a of s.actions) {
                if (a.type !== "codebuild" || (a.region ?? lz.tools.primaryRegion) !== region)
                    continue;
                const projectRole = role(naming.codeBuildRoleName(a.projectName ?? naming.codeBuildProjectName(p.name, a.name)));
                grants.push({ roleArns: [projectRole], read: [folder], write: (a.outputs ?? []).map((o) => (0, artifact_layout_1.artifactKeys)(p.name, o)), inBucketPolicy: false });
            }
        }
    }
    for (const e of lz.externalPipelines) {
        const regions = new Set([lz.tools.primaryRegion, ...e.actions.map((a) => a.region ?? lz.tools.primaryRegion)]);
        if (!regions.has(region))
            continue;
        const folder = (0, artifact_layout_1.pipelineArtifactKeys)(e.name);
        grants.push({ roleArns: [e.roleArn, ...e.buildRoleArns], read: [folder], write: [folder], inBucketPolicy: false });
    }
    return grants;
}
