// Self-managed stack sets whose roles the landing zone creates: those whose cloudformation-stackset
// action names neither administrationRoleArn nor executionRoleName. CloudFormation assumes the
// administration role, which assumes the execution role in every deployment target account
// ("Grant self-managed permissions", CloudFormation user guide, stacksets-prereqs-self-managed).

type Entry = {
  type?: string;
  stackSetName?: string;
  permissionModel?: string;
  administrationRoleArn?: string;
  executionRoleName?: string;
  deploymentTargets?: string[];
};
type Lz = { targets: { name: string; accountId: string }[]; pipelines: { name: string; stages: { actions: object[] }[] }[] };

/** Where an action entry sits in the file. */
export type EntryPath = (string | number)[];

export interface ManagedStackSets {
  /** Per pipeline that owns managed stack sets: the accounts its administration role deploys to. */
  readonly accountsByPipeline: ReadonlyMap<string, ReadonlySet<string>>;
  /** Per managed stack set name: the pipeline that creates it. */
  readonly ownerByStackSet: ReadonlyMap<string, string>;
  /** Deployment targets that are not target accounts of the file, with their JSON path. */
  readonly unknownAccounts: readonly { readonly path: EntryPath; readonly account: string; readonly instancesOnly: boolean }[];
}

/** A self-managed stack set action that names neither of its roles: the landing zone creates them. */
export function isManaged(a: Entry): boolean {
  return (
    a.type === "cloudformation-stackset" &&
    (a.permissionModel ?? "SELF_MANAGED") === "SELF_MANAGED" &&
    a.administrationRoleArn === undefined &&
    a.executionRoleName === undefined
  );
}

const cache = new WeakMap<object, ManagedStackSets>();

export function managedStackSets(lz: Lz): ManagedStackSets {
  const cached = cache.get(lz);
  if (cached) return cached;
  const owner = new Map<string, string>();
  lz.pipelines.forEach((p) => p.stages.forEach((s) => s.actions.forEach((e) => isManaged(e as Entry) && owner.set((e as Entry).stackSetName!, p.name))));
  const known = new Set(lz.targets.map((t) => t.accountId));
  const accounts = new Map<string, Set<string>>([...new Set(owner.values())].map((p) => [p, new Set<string>()]));
  const unknownAccounts: { path: EntryPath; account: string; instancesOnly: boolean }[] = [];
  lz.pipelines.forEach((p, pi) =>
    p.stages.forEach((s, si) =>
      s.actions.forEach((e, ai) => {
        const a = e as Entry;
        const instances = a.type === "cloudformation-stack-instances";
        if (!(isManaged(a) || (instances && owner.has(a.stackSetName!)))) return;
        const set = accounts.get(owner.get(a.stackSetName!)!)!;
        (a.deploymentTargets ?? []).forEach((account, j) => {
          if (known.has(account)) set.add(account);
          else unknownAccounts.push({ path: ["pipelines", pi, "stages", si, "actions", ai, "deploymentTargets", j], account, instancesOnly: instances });
        });
      }),
    ),
  );
  const result = { accountsByPipeline: accounts, ownerByStackSet: owner, unknownAccounts };
  cache.set(lz, result);
  return result;
}
