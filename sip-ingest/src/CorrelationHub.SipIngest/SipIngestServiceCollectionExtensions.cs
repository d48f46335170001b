using CorrelationHub.Facts;
using CorrelationHub.SipIngest.Facts;
using CorrelationHub.SipIngest.Logging;
using CorrelationHub.SipIngest.MediaHost;
using CorrelationHub.SipIngest.Options;
using CorrelationHub.SipIngest.Sessions;
using CorrelationHub.SipIngest.Transport;
using CorrelationHub.SipIngest.Uas;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CorrelationHub.SipIngest;

public static class SipIngestServiceCollectionExtensions
{
    /// <summary>Registers the Session Recording Server: listeners, user-agent server, recording sessions and the fact channel.</summary>
    public static IServiceCollection AddSipIngest(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SipOptions>(configuration.GetSection(SipOptions.Section));
        services.Configure<MediaOptions>(configuration.GetSection(MediaOptions.Section));
        services.Configure<RecordingOptions>(configuration.GetSection(RecordingOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ChannelRecordingFactSink>();
        services.TryAddSingleton<IRecordingFactSink>(sp => sp.GetRequiredService<ChannelRecordingFactSink>());
        services.AddSingleton<SipCounters>();
        services.AddSingleton<SipListenerEndpoints>();
        services.AddSingleton<SipAdmission>();
        services.AddSingleton<SipTransportRegistry>();
        services.AddSingleton<ISipSender>(sp => sp.GetRequiredService<SipTransportRegistry>());
        services.AddSingleton(sp =>
        {
            var media = sp.GetRequiredService<IOptions<MediaOptions>>().Value;
            return new RtpPortPool(media.RtpPortMin, media.RtpPortMax, sp.GetRequiredService<TimeProvider>(), TimeSpan.FromSeconds(media.PortCooldownSeconds));
        });
        services.AddSingleton(sp => new MediaStreamFactory(
            sp.GetRequiredService<RtpPortPool>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<MediaOptions>>(),
            sp.GetRequiredService<IOptions<RecordingOptions>>(),
            sp.GetRequiredService<IRecordingFactSink>(),
            sp.GetRequiredService<ILogger<MediaStreamFactory>>(),
            RtpReceiveEngine.Create(sp.GetRequiredService<IOptions<MediaOptions>>(), sp.GetRequiredService<ILogger<RtpReceiveEngine>>())));
        services.AddSingleton<RecordingSessionManager>();
        services.AddSingleton<IRecordingSessionHandler>(sp => sp.GetRequiredService<RecordingSessionManager>());
        services.AddSingleton<SipServer>();
        services.AddSingleton<ISipMessageHandler>(sp => sp.GetRequiredService<SipServer>());
        services.AddSingleton<RecordingRepairService>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<RecordingRepairService>());
        services.AddSingleton<IIngestControl, IngestControl>();
        services.TryAddSingleton<IRecordingFileStore, LocalRecordingFileStore>();
        services.AddSingleton<SipIngestHostedService>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<SipIngestHostedService>());
        return services;
    }
}
