using System.Net;

namespace CampaignStudio.Features.Tracking;

/// <summary>
/// What a request gives away about being a machine rather than a person: a HEAD request, a link scanner's or security
/// gateway's user agent, a library's, or an address of Apple's Mail Privacy Protection proxies (17.0.0.0/8), which
/// fetch every image of every message whether or not anyone reads it. Gmail's image proxy fetches when a person opens,
/// so it counts as a person.
/// </summary>
public static class AutomatedTraffic
{
    private static readonly string[] MachineAgents =
    [
        "bot", "crawler", "spider", "preview", "scanner", "barracuda", "mimecast", "proofpoint", "symantec", "messagelabs",
        "forcepoint", "trendmicro", "sophos", "fortiguard", "safelinks", "microsoft office protection", "ms-office",
        "python-requests", "python-urllib", "curl/", "wget/", "go-http-client", "java/", "okhttp", "libwww", "httpclient",
        "headlesschrome", "phantomjs", "slackbot", "facebookexternalhit", "yahoomailproxy",
    ];

    public static bool IsAutomated(string method, string? userAgent, IPAddress? remote)
    {
        if (HttpMethods.IsHead(method))
        {
            return true;
        }

        // Apple's proxies announce themselves as a bare "Mozilla/5.0"; no mail client sends nothing at all.
        if (string.IsNullOrWhiteSpace(userAgent) || userAgent.Trim() == "Mozilla/5.0")
        {
            return true;
        }

        foreach (var agent in MachineAgents)
        {
            if (userAgent.Contains(agent, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return IsApplePrivacyProxy(remote);
    }

    /// <summary>Apple's network (17.0.0.0/8), where Mail Privacy Protection fetches images from.</summary>
    public static bool IsApplePrivacyProxy(IPAddress? remote)
    {
        if (remote is null)
        {
            return false;
        }

        if (remote.IsIPv4MappedToIPv6)
        {
            remote = remote.MapToIPv4();
        }

        return remote.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && remote.GetAddressBytes()[0] == 17;
    }
}
