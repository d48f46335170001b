using CorrelationHub.Correlation.Cti;
using CorrelationHub.TestSupport;

namespace CorrelationHub.Correlation.Tests;

public sealed class CtiTraceParserTests
{
    private static readonly string Line = RepoPaths.FixtureText("cti/cucm-sdl-ctinewcallnotify.log").Trim();

    [Fact]
    public void Story_b_line_pairs_the_call_leg_with_the_dialog()
    {
        var leg = CtiTraceParser.Parse(Line, new DateOnly(2026, 4, 20))!;
        Assert.Equal((1, 21278L, 2, 34446813L), (leg.GchNode, leg.Gch, leg.ChNode, leg.Ch));
        Assert.Equal("16798494", leg.DialogId);
        Assert.Equal("61001", leg.Dn);
        Assert.Equal("SEP0000000000F9", leg.DeviceName);
        Assert.Equal("059a1ef36a92e7f3a278d8ba34446813", leg.SessionDeviceId);
        Assert.Equal(new DateTimeOffset(2026, 4, 20, 9, 40, 4, 921, TimeSpan.Zero), leg.TraceTime);
        Assert.Equal("CtiNewCallNotify", leg.Signal);
    }

    [Fact]
    public void Local_trace_time_is_converted_with_the_node_offset_and_absent_without_a_date()
    {
        Assert.Equal(new DateTimeOffset(2026, 4, 20, 8, 40, 4, 921, TimeSpan.Zero), CtiTraceParser.Parse(Line, new DateOnly(2026, 4, 20), TimeSpan.FromHours(1))!.TraceTime);
        Assert.Null(CtiTraceParser.Parse(Line)!.TraceTime);
    }

    [Fact]
    public void The_held_call_of_a_transfer_is_not_taken_for_the_leg()
    {
        var transfer = Line.Replace("GCH=1|21278 CH=2|34446813 Held CH=0|0", "GCH=1|21300 Held CH=2|34440000 CH=2|34446999", StringComparison.Ordinal);
        var leg = CtiTraceParser.Parse(transfer)!;
        Assert.Equal((21300L, 34446999L), (leg.Gch, leg.Ch));
    }

    [Theory]
    [InlineData("")]
    [InlineData("22887421.000 |09:40:04.921 |SdlSig-I |CtiLineCallInfoRes |ready |x |y |z |GCH=1|21278 CH=2|34446813")]
    [InlineData("22887421.000 |09:40:04.921 |SdlSig-I |CtiNewCallNotify |ready |x |y |z |no ids here")]
    public void Other_lines_are_skipped(string line) => Assert.Null(CtiTraceParser.Parse(line));

    [Fact]
    public void Dialog_id_is_the_jtapi_call_id() => Assert.Equal(16804377L, CtiTraceParser.DialogIdOf(1, 27161));
}
