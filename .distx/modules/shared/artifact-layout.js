"use strict";
// No imports: the landing-zone file's validation (config/) uses these facts too.
Object.defineProperty(exports, "__esModule", { value: true });
exports.ARTIFACT_FOLDER_LENGTH = exports.PIPELINE_FOLDER_LENGTH = void 0;
exports.pipelineArtifactKeys = pipelineArtifactKeys;
exports.artifactKeys = artifactKeys;
/*
 * Where CodePipeline puts an artifact in its store: `<pipeline name>/<artifact name>/<random id>`,
 * the pipeline name cut to its first 20 characters and the artifact name to its first 10 (AWS
 * re:Post answer "CodePipeline truncates folder names in output artifact S3 bucket",
 * https://repost.aws/questions/QUI91tw7A9SUOMohJurNqmgA; the same layout shows in AWS's own
 * examples, e.g. `.../CodeBuild-Python-Pip/SourceArti/1TspnN3.zip` in the CodeBuild user guide's
 * batch-get-builds output). Grants scoped to these folders are what isolates pipelines that share
 * a store, so names that must be isolated have to differ within those characters.
 */
exports.PIPELINE_FOLDER_LENGTH = 20;
exports.ARTIFACT_FOLDER_LENGTH = 10;
/** Object-key pattern of every artifact of a pipeline: `<first 20 characters>/*`. */
function pipelineArtifactKeys(pipelineName) {
    return `${pipelineName.slice(0, exports.PIPELINE_FOLDER_LENGTH)}/*`;
}
/** Object-key pattern of one artifact of a pipeline: `<first 20>/<first 10 of the artifact>/*`. */
function artifactKeys(pipelineName, artifactName) {
    return `${pipelineName.slice(0, exports.PIPELINE_FOLDER_LENGTH)}/${artifactName.slice(0, exports.ARTIFACT_FOLDER_LENGTH)}/*`;
}
