using CorrelationHub.Sip.Bodies;
using CorrelationHub.Sip.Messages;

namespace CorrelationHub.Sip.Siprec;

/// <summary>
/// Tells a SIPREC recording session INVITE from others (docs/interop.md SR-1). RFC 7866 §6.2 asks for both
/// <c>Require: siprec</c> and the <c>+sip.src</c> Contact feature tag; real SRCs send either, or the draft-era
/// <c>;src</c> (AudioCodes), so any one of them, or an rs-metadata part, is enough. CUCM Built-in-Bridge INVITEs
/// carry none of these and are recognised by their From x-parameters instead.
/// </summary>
public static class SiprecClassifier
{
    public const string OptionTag = "siprec";

    public static bool IsSiprec(SipRequest request, SipBody body)
    {
        if (body.Metadata is not null)
        {
            return true;
        }

        foreach (var tag in request.Headers.GetList(HeaderNames.Require).Concat(request.Headers.GetList(HeaderNames.Supported)))
        {
            if (tag.Equals(OptionTag, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        foreach (var contact in request.Headers.GetList(HeaderNames.Contact))
        {
            if (NameAddress.TryParse(contact, out var address) && (address.Parameters.Contains("+sip.src") || address.Parameters.Contains("src")))
            {
                return true;
            }
        }

        return false;
    }
}
