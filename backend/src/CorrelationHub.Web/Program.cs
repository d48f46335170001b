using CorrelationHub.Web;
using CorrelationHub.Web.Hosting;

if (CommandLine.IsAction(args))
{
    return await CommandLine.RunAsync(args, Console.Out, Console.Error);
}

var app = CorrelationHubApp.Build(args);
await app.RunAsync();
return 0;

/// <summary>Entry point; the host is built by <see cref="CorrelationHubApp"/>.</summary>
public partial class Program;
