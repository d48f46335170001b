using CorrelationHub.Web;

var app = CorrelationHubApp.Build(args);
await app.RunAsync();

/// <summary>Entry point; the host is built by <see cref="CorrelationHubApp"/>.</summary>
public partial class Program;
