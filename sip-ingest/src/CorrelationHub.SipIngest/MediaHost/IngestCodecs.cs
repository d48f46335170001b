using CorrelationHub.Media.Codecs;
using CorrelationHub.Sip.Sdp;
using CorrelationHub.SipIngest.Options;
using Microsoft.Extensions.Options;

namespace CorrelationHub.SipIngest.MediaHost;

/// <summary>
/// <c>Media:Codecs</c> read against what this host can decode: the codecs offered and accepted, and those named but
/// left out because their library is missing (G.729 without libbcg729). An unknown name stops the start with a
/// message naming it.
/// </summary>
public static class IngestCodecs
{
    public static (RecorderCodecs Codecs, IReadOnlyList<string> Skipped) Resolve(MediaOptions options)
    {
        var (codecs, skipped, error) = RecorderCodecs.From(options.Codecs.Split(','), AudioDecoders.CanDecode);
        return codecs is null ? throw new OptionsValidationException(MediaOptions.Section, typeof(MediaOptions), [error!]) : (codecs, skipped);
    }

    /// <summary>The package and library a skipped codec needs.</summary>
    public static (string Package, string Library) Needs(string codec) => codec.Equals("G729", StringComparison.OrdinalIgnoreCase)
        ? (Bcg729.Package, Bcg729.Library)
        : ("(none known)", "(none known)");
}
