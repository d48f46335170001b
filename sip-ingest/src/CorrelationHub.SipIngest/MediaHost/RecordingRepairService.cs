using CorrelationHub.Facts;
using CorrelationHub.SipIngest.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CorrelationHub.SipIngest.MediaHost;

/// <summary>Runs <see cref="RecordingRepair"/> once at start, before the SIP listeners accept new recordings.</summary>
public sealed class RecordingRepairService : IHostedService
{
    private readonly RecordingOptions _options;
    private readonly IRecordingFactSink _facts;
    private readonly TimeProvider _time;
    private readonly ILogger<RecordingRepairService> _logger;

    public RecordingRepairService(IOptions<RecordingOptions> options, IRecordingFactSink facts, TimeProvider time, ILogger<RecordingRepairService> logger)
    {
        _options = options.Value;
        _facts = facts;
        _time = time;
        _logger = logger;
    }

    public IReadOnlyList<RecordingFact> Repaired { get; private set; } = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.RepairOnStart)
        {
            Repaired = new RecordingRepair(_options.Directory, _facts, _time, _logger).Run();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
