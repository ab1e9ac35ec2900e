"use strict";
// Self-managed stack sets whose roles the landing zone creates: those whose cloudformation-stackset
// action names neither administrationRoleArn nor executionRoleName. CloudFormation assumes the
// administration role, which assumes the execution role in every deployment target account
// ("Grant self-managed permissions", CloudFormation user guide, stacksets-prereqs-self-managed).
Object.defineProperty(exports, "__esModule", { value: true });
exports.isManaged = isManaged;
exports.managedStackSets = managedStackSets;
/** A self-managed stack set action that names neither of its roles: the landing zone creates them. */
function isManaged(a) {
    return a.type === "cloudformation-stackset" && (a.permissionModel ?? "SELF_MANAGED") === "SELF_MANAGED" && a.administrationRoleArn === undefined && a.executionRoleName === undefined;
}
const cache = new WeakMap();
function managedStackSets(lz) {
    const cached = cache.get(lz);
    if (cached)
        return cached;
    const owner = new Map();
    lz.pipelines.forEach((p) => p.stages.forEach((s) => s.actions.forEach((e) => isManaged(e) && owner.set(e.stackSetName, p.name))));
    const known = new Set(lz.targets.map((t) => t.accountId));
    const accounts = new Map([...new Set(owner.values())].map((p) => [p, new Set()]));
    const unknownAccounts = [];
    lz.pipelines.forEach((p, pi) => p.stages.forEach((s, si) => s.actions.forEach((e, ai) => {
        const a = e;
        const instances = a.type === "cloudformation-stack-instances";
        if (!(isManaged(a) || (instances && owner.has(a.stackSetName))))
            return;
        const set = accounts.get(owner.get(a.stackSetName));
        (a.deploymentTargets ?? []).forEach((account, j) => {
            if (known.has(account))
                set.add(account);
            else
                unknownAccounts.push({ path: ["pipelines", pi, "stages", si, "actions", ai, "deploymentTargets", j], account, instancesOnly: instances });
        });
    })));
    const result = { accountsByPipeline: accounts, ownerByStackSet: owner, unknownAccounts };
    cache.set(lz, result);
    return result;
}
