"""What the emulator holds, per account and region, for the rehearsal's "nothing left after destroy".

    python inventory.py ENDPOINT ACCOUNTS REGIONS   (comma-separated lists)

Prints JSON: {"<account>/<region>/<kind>": [identifiers]}. Runs in the emulator's virtual environment
(boto3 comes with moto); reaches each account the way the rehearsal does, by assuming a role in it.
"""
import json
import sys

import boto3

endpoint, accounts, regions = sys.argv[1], sys.argv[2].split(","), sys.argv[3].split(",")
base = dict(endpoint_url=endpoint, aws_access_key_id="rehearsal", aws_secret_access_key="rehearsal")


def session(account, region):
    creds = boto3.client("sts", region_name=region, **base).assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole", RoleSessionName="inventory"
    )["Credentials"]
    return boto3.Session(
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
        region_name=region,
    )


def live_keys(kms):
    keys = [k["KeyId"] for k in kms.list_keys()["Keys"]]
    return [k for k in keys if kms.describe_key(KeyId=k)["KeyMetadata"]["KeyState"] != "PendingDeletion"]


GLOBAL = {
    "iam roles": lambda s: [r["Arn"] for r in s.client("iam", endpoint_url=endpoint).list_roles()["Roles"]],
    "iam policies": lambda s: [p["Arn"] for p in s.client("iam", endpoint_url=endpoint).list_policies(Scope="Local")["Policies"]],
    "iam instance profiles": lambda s: [p["Arn"] for p in s.client("iam", endpoint_url=endpoint).list_instance_profiles()["InstanceProfiles"]],
    "s3 buckets": lambda s: [b["Name"] for b in s.client("s3", endpoint_url=endpoint).list_buckets()["Buckets"]],
}
REGIONAL = {
    "kms keys": lambda s: live_keys(s.client("kms", endpoint_url=endpoint)),
    "kms aliases": lambda s: [
        a["AliasName"] for a in s.client("kms", endpoint_url=endpoint).list_aliases()["Aliases"] if not a["AliasName"].startswith("alias/aws/")
    ],
    "sqs queues": lambda s: s.client("sqs", endpoint_url=endpoint).list_queues().get("QueueUrls", []),
    "sns topics": lambda s: [t["TopicArn"] for t in s.client("sns", endpoint_url=endpoint).list_topics()["Topics"]],
    "sns subscriptions": lambda s: [x["SubscriptionArn"] for x in s.client("sns", endpoint_url=endpoint).list_subscriptions()["Subscriptions"]],
    "events rules": lambda s: [r["Arn"] for r in s.client("events", endpoint_url=endpoint).list_rules()["Rules"]],
    "log groups": lambda s: [g["logGroupName"] for g in s.client("logs", endpoint_url=endpoint).describe_log_groups()["logGroups"]],
    "alarms": lambda s: [a["AlarmArn"] for a in s.client("cloudwatch", endpoint_url=endpoint).describe_alarms()["MetricAlarms"]],
    "pipelines": lambda s: [p["name"] for p in s.client("codepipeline", endpoint_url=endpoint).list_pipelines()["pipelines"]],
    "codebuild projects": lambda s: s.client("codebuild", endpoint_url=endpoint).list_projects()["projects"],
    "trails": lambda s: [t["TrailARN"] for t in s.client("cloudtrail", endpoint_url=endpoint).describe_trails()["trailList"]],
    "lambda functions": lambda s: [f["FunctionArn"] for f in s.client("lambda", endpoint_url=endpoint).list_functions()["Functions"]],
}

out = {}
for account in accounts:
    s = session(account, regions[0])
    for kind, list_ in GLOBAL.items():
        out[f"{account}/global/{kind}"] = sorted(list_(s))
    for region in regions:
        s = session(account, region)
        for kind, list_ in REGIONAL.items():
            out[f"{account}/{region}/{kind}"] = sorted(list_(s))
print(json.dumps(out))
