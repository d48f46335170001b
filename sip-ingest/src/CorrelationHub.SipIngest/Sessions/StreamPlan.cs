using CorrelationHub.Sip.Siprec;
using CorrelationHub.SipIngest.Uas;

namespace CorrelationHub.SipIngest.Sessions;

/// <summary>The streams opened for a recording leg, our SDP for them, the SIPREC roles; or why the INVITE is refused.</summary>
internal sealed record StreamPlan(List<LegStream> Streams, string Sdp, SiprecRoleAssignment? Roles, InviteRejected? Rejected);
