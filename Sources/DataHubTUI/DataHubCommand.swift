import ArgumentParser

/// `datahub`: the API and the operator console in one process; `datahub healthcheck` for container checks,
/// `datahub verify` to re-hash every object.
@main
struct DataHubCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datahub",
        abstract: "Data Analytics Hub — S3 Data Service: a JSON data API over S3 with an operator console.",
        subcommands: [ServeCommand.self, HealthCheckCommand.self, VerifyCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
