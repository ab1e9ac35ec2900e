"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CodeStarConnectionSourceAction = void 0;
const cdktf_1 = require("cdktf");
const policy_1 = require("../../shared/policy");
const action_1 = require("../action");
const CONNECTION_ARN = /^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection\/[\w-]+$/;
/** Source from GitHub, GitHub Enterprise Server, Bitbucket or GitLab through a connection. */
class CodeStarConnectionSourceAction extends action_1.Action {
    props;
    constructor(props) {
        super({
            category: "Source",
            owner: "AWS",
            provider: "CodeStarSourceConnection",
            version: "1",
            artifactBounds: { minInputs: 0, maxInputs: 0, minOutputs: 1, maxOutputs: 1 },
        }, { ...props, outputs: [props.output] });
        this.props = props;
        if (!cdktf_1.Token.isUnresolved(props.connectionArn) && !CONNECTION_ARN.test(props.connectionArn)) {
            throw new Error(`action "${props.actionName}": connectionArn "${props.connectionArn}" is not a CodeConnections connection ARN`);
        }
        if (!/^[^/\s]+\/[^/\s]+$/.test(props.fullRepositoryId)) {
            throw new Error(`action "${props.actionName}": fullRepositoryId "${props.fullRepositoryId}" must be "owner/repository"`);
        }
    }
    bind() {
        const p = this.props;
        return {
            configuration: (0, action_1.definedConfig)({
                ConnectionArn: p.connectionArn,
                FullRepositoryId: p.fullRepositoryId,
                BranchName: p.branchName,
                OutputArtifactFormat: p.outputArtifactFormat ?? "CODE_ZIP",
                DetectChanges: p.detectChanges ?? true,
            }),
        };
    }
    runnerPermissions() {
        const statements = [
            { Effect: "Allow", Action: (0, policy_1.useConnectionActions)(this.props.connectionArn), Resource: this.props.connectionArn },
        ];
        return statements;
    }
    /** The consuming build clones through the same connection (action-reference-CodestarConnectionSource, CODEBUILD_CLONE_REF). */
    cloneRefPermissions() {
        return this.props.outputArtifactFormat === "CODEBUILD_CLONE_REF" ? this.runnerPermissions() : undefined;
    }
    outputVariables() {
        return ["AuthorDate", "BranchName", "CommitId", "CommitMessage", "ConnectionArn", "FullRepositoryName"];
    }
}
exports.CodeStarConnectionSourceAction = CodeStarConnectionSourceAction;
