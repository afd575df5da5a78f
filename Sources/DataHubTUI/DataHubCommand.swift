import ArgumentParser

@main
struct DataHubCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "datahub", abstract: "Data Analytics Hub — S3 Data Service")
    func run() throws {}
}
