using System.Diagnostics;
using CorrelationHub.TestSupport;

namespace CorrelationHub.EndToEnd.Tests;

/// <summary>A short smoke of scripts/bench/sip-cps.sh, so the benchmark keeps working; its numbers are not asserted.</summary>
public sealed class SipCpsBenchSmokeTests
{
    [Fact]
    public async Task The_sip_cps_benchmark_runs_both_targets_and_reports_no_failed_recorder_calls()
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { Path.Combine(RepoPaths.Root, "scripts", "bench", "sip-cps.sh"), "--rate", "100", "--calls", "300", "--runs", "1", "--no-build" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        var text = await output + await error;

        Assert.True(process.ExitCode == 0, text);
        Assert.Contains("recorder", text);
        Assert.Contains("sipp-uas", text);
        Assert.Matches(@"failed calls over all runs: recorder 0,", text);
    }
}
