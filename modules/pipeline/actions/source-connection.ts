import { Token } from "cdktf";
import { useConnectionActions, type PolicyStatement } from "../../shared/policy";
import { Action, ActionBinding, CommonActionProps, definedConfig } from "../action";

export interface CodeStarConnectionSourceProps extends Omit<CommonActionProps, "inputs" | "outputs" | "roleArn" | "region"> {
  /** ARN of the CodeConnections (CodeStar Connections) connection to GitHub, GitHub Enterprise Server, Bitbucket or GitLab. */
  readonly connectionArn: string;
  /** `owner/repository`. */
  readonly fullRepositoryId: string;
  /** Branch to build. */
  readonly branchName: string;
  /** The one output artifact. */
  readonly output: string;
  /**
   * CODE_ZIP (a zip of the tree) or CODEBUILD_CLONE_REF (a reference CodeBuild clones, with git history).
   * @default "CODE_ZIP"
   */
  readonly outputArtifactFormat?: "CODE_ZIP" | "CODEBUILD_CLONE_REF";
  /**
   * Start the pipeline on every change of the branch. The pipeline sets it false when a trigger owns the source.
   * @default true
   */
  readonly detectChanges?: boolean;
}

const CONNECTION_ARN = /^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection\/[\w-]+$/;

/** Source from GitHub, GitHub Enterprise Server, Bitbucket or GitLab through a connection. */
export class CodeStarConnectionSourceAction extends Action {
  constructor(private readonly props: CodeStarConnectionSourceProps) {
    super(
      {
        category: "Source",
        owner: "AWS",
        provider: "CodeStarSourceConnection",
        version: "1",
        artifactBounds: { minInputs: 0, maxInputs: 0, minOutputs: 1, maxOutputs: 1 },
      },
      { ...props, outputs: [props.output] },
    );
    if (!Token.isUnresolved(props.connectionArn) && !CONNECTION_ARN.test(props.connectionArn)) {
      throw new Error(`action "${props.actionName}": connectionArn "${props.connectionArn}" is not a CodeConnections connection ARN`);
    }
    if (!/^[^/\s]+\/[^/\s]+$/.test(props.fullRepositoryId)) {
      throw new Error(`action "${props.actionName}": fullRepositoryId "${props.fullRepositoryId}" must be "owner/repository"`);
    }
  }

  override bind(): ActionBinding {
    const p = this.props;
    return {
      configuration: definedConfig({
        ConnectionArn: p.connectionArn,
        FullRepositoryId: p.fullRepositoryId,
        BranchName: p.branchName,
        OutputArtifactFormat: p.outputArtifactFormat ?? "CODE_ZIP",
        DetectChanges: p.detectChanges ?? true,
      }),
    };
  }

  override runnerPermissions(): PolicyStatement[] {
    const statements: PolicyStatement[] = [{ Effect: "Allow", Action: useConnectionActions(this.props.connectionArn), Resource: this.props.connectionArn }];
    return statements;
  }

  /** The consuming build clones through the same connection (action-reference-CodestarConnectionSource, CODEBUILD_CLONE_REF). */
  override cloneRefPermissions(): PolicyStatement[] | undefined {
    return this.props.outputArtifactFormat === "CODEBUILD_CLONE_REF" ? this.runnerPermissions() : undefined;
  }

  override outputVariables(): readonly string[] {
    return ["AuthorDate", "BranchName", "CommitId", "CommitMessage", "ConnectionArn", "FullRepositoryName"];
  }
}
