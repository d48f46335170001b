using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CorrelationHub.Simulator.Gadget;

/// <summary>
/// Drives the Node sidecar (gadget-bridge.mjs) that publishes events with the npm SignalR client or the HTTP
/// fallback; counts the acknowledgements and keeps the first refusals for the report.
/// </summary>
public sealed class GadgetBridge : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task _reader;
    private readonly Task _errors;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private long _sent;
    private long _acked;
    private long _refused;
    private long _sequence;

    private GadgetBridge(Process process)
    {
        _process = process;
        _reader = Task.Run(ReadAcksAsync);
        _errors = Task.Run(async () => StandardError = await process.StandardError.ReadToEndAsync().ConfigureAwait(false));
    }

    public long Sent => Interlocked.Read(ref _sent);

    public long Acknowledged => Interlocked.Read(ref _acked);

    public long Refused => Interlocked.Read(ref _refused);

    public List<string> FirstRefusals { get; } = [];

    public string StandardError { get; private set; } = string.Empty;

    public static GadgetBridge Start(string script, string baseUrl, string? apiKey, string? moduleDirectory)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(baseUrl);
        if (!string.IsNullOrEmpty(apiKey))
        {
            start.ArgumentList.Add(apiKey);
        }

        if (moduleDirectory is not null)
        {
            start.Environment["SIGNALR_MODULE_DIR"] = moduleDirectory;
        }

        return new GadgetBridge(Process.Start(start) ?? throw new InvalidOperationException("node did not start"));
    }

    public async Task SendAsync(string username, bool http, JsonObject agentEvent)
    {
        var line = new JsonObject
        {
            ["seq"] = Interlocked.Increment(ref _sequence),
            ["user"] = username,
            ["channel"] = http ? "http" : "hub",
            ["event"] = agentEvent,
        };
        await _writeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            await _process.StandardInput.WriteLineAsync(line.ToJsonString()).ConfigureAwait(false);
            await _process.StandardInput.FlushAsync().ConfigureAwait(false);
            Interlocked.Increment(ref _sent);
        }
        catch (IOException ex)
        {
            await _errors.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            throw new InvalidOperationException("the gadget bridge (node) exited: " + StandardError.Trim(), ex);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Waits until every event sent has its answer (or the time runs out).</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Acknowledged + Refused < Sent && DateTime.UtcNow < deadline && !_process.HasExited)
        {
            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    private async Task ReadAcksAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.GetProperty("ok").GetBoolean())
            {
                Interlocked.Increment(ref _acked);
                continue;
            }

            Interlocked.Increment(ref _refused);
            lock (FirstRefusals)
            {
                if (FirstRefusals.Count < 10)
                {
                    FirstRefusals.Add(document.RootElement.GetProperty("error").GetString() ?? "?");
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await _process.StandardInput.WriteLineAsync("{\"close\": true}").ConfigureAwait(false);
            await _process.StandardInput.FlushAsync().ConfigureAwait(false);
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        await _reader.ConfigureAwait(false);
        await _errors.ConfigureAwait(false);
        _process.Dispose();
        _writeGate.Dispose();
    }
}
