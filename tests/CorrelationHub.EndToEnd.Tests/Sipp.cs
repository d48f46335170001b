using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CorrelationHub.TestSupport;

namespace CorrelationHub.EndToEnd.Tests;

/// <summary>Runs sipp, an independent SIP implementation, with a scenario from scripts/sipp.</summary>
public static class Sipp
{
    public sealed record Result(int ExitCode, string Output);

    public static Task<Result> RunAsync(string scenario, IPEndPoint target, string transport, params string[] extra) =>
        RunAsync(scenario, target, transport, null, extra);

    /// <summary>As above; <paramref name="prepare"/> first writes what the scenario reads (a pcap) into sipp's working directory.</summary>
    public static async Task<Result> RunAsync(string scenario, IPEndPoint target, string transport, Action<string>? prepare, params string[] extra)
    {
        if (!File.Exists("/usr/bin/sipp"))
        {
            throw new InvalidOperationException("sipp is not installed: scripts/test.sh installs Debian's sip-tester.");
        }

        var directory = Path.Combine(Path.GetTempPath(), "sipp-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        prepare?.Invoke(directory);
        var start = new ProcessStartInfo("/usr/bin/sipp")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-sf");
        start.ArgumentList.Add(Path.Combine(RepoPaths.Root, "scripts", "sipp", scenario));
        start.ArgumentList.Add("-t");
        start.ArgumentList.Add(transport);
        start.ArgumentList.Add("-i");
        start.ArgumentList.Add("127.0.0.1");
        start.ArgumentList.Add("-p");
        start.ArgumentList.Add(FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add("-nostdin");
        start.ArgumentList.Add("-trace_err");
        start.ArgumentList.Add("-timeout");
        start.ArgumentList.Add("60s");
        foreach (var argument in extra)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add(target.ToString());
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        var errors = Directory.GetFiles(directory, "*errors.log").Select(File.ReadAllText);
        var text = $"{await output}\n{await error}\n{string.Join('\n', errors)}";
        Directory.Delete(directory, recursive: true);
        return new Result(process.ExitCode, text);
    }

    /// <summary>A port free on loopback for both UDP and TCP at the time of asking.</summary>
    public static int FreePort()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)tcp.LocalEndPoint!).Port;
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                udp.Close();
                return port;
            }
            catch (SocketException)
            {
            }
        }

        throw new InvalidOperationException("no free port");
    }
}
