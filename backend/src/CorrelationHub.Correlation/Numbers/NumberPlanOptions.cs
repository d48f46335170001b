namespace CorrelationHub.Correlation.Numbers;

/// <summary>The <c>Correlation:NumberPlan:*</c> keys: how local dialling turns into E.164.</summary>
public sealed class NumberPlanOptions
{
    /// <summary>Country calling code of the site, without '+' (353 for Ireland).</summary>
    public string CountryCode { get; set; } = "353";

    /// <summary>International call prefix (00 in most of Europe, 011 in North America).</summary>
    public string InternationalPrefix { get; set; } = "00";

    /// <summary>National trunk prefix (0 in Ireland and the UK, 1 in North America).</summary>
    public string NationalPrefix { get; set; } = "0";

    /// <summary>Outside-line access codes dialled before external numbers (0 or 9 on many CUCM dial plans).</summary>
    public List<string> AccessCodes { get; set; } = ["0"];

    /// <summary>Numbers with at most this many digits are internal extensions, compared as dialled.</summary>
    public int MaxExtensionDigits { get; set; } = 7;
}
