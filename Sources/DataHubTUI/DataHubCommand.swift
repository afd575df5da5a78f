import ArgumentParser

/// `datahub`: the API and the operator console in one process; `datahub healthcheck` for container checks.
@main
struct DataHubCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datahub",
        abstract: "Data Analytics Hub — S3 Data Service: a JSON data API over S3 with an operator console.",
        subcommands: [ServeCommand.self, HealthCheckCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
