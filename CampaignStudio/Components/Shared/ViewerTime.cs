using System.Globalization;
using Microsoft.JSInterop;

namespace CampaignStudio.Components.Shared;

/// <summary>Times as the viewer lives them: the browser's time zone, and "in 2 days" / "3 hours ago".</summary>
public static class ViewerTime
{
    /// <summary>The browser's time zone, or UTC when it cannot be asked (prerendering, tests) or is unknown here.</summary>
    public static async Task<TimeZoneInfo> DetectAsync(IJSRuntime js)
    {
        try
        {
            await using var module = await js.InvokeAsync<IJSObjectReference>("import", "./js/viewer-time.js");
            if (module is null)
            {
                return TimeZoneInfo.Utc;
            }

            var id = await module.InvokeAsync<string>("timeZone");
            return !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
        }
        catch (Exception e) when (e is JSException or InvalidOperationException or TaskCanceledException or JSDisconnectedException)
        {
            return TimeZoneInfo.Utc;
        }
    }

    public static DateTime ToLocal(DateTime utc, TimeZoneInfo zone) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

    /// <summary>e.g. "2026-06-02 09:30".</summary>
    public static string Format(DateTime utc, TimeZoneInfo zone) => ToLocal(utc, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The zone's short name for people: its IANA id, or "UTC".</summary>
    public static string ZoneName(TimeZoneInfo zone) => zone == TimeZoneInfo.Utc ? "UTC" : zone.Id;

    /// <summary>"in 2 days", "in 3 hours", "5 minutes ago", "just now".</summary>
    public static string Relative(DateTime utc, DateTime nowUtc)
    {
        var span = utc - nowUtc;
        var future = span > TimeSpan.Zero;
        var length = span.Duration();
        string amount;
        if (length < TimeSpan.FromMinutes(1))
        {
            return "just now";
        }

        if (length < TimeSpan.FromHours(1))
        {
            amount = Plural((int)length.TotalMinutes, "minute");
        }
        else if (length < TimeSpan.FromDays(1))
        {
            amount = Plural((int)length.TotalHours, "hour");
        }
        else if (length < TimeSpan.FromDays(60))
        {
            amount = Plural((int)Math.Round(length.TotalDays), "day");
        }
        else if (length < TimeSpan.FromDays(730))
        {
            amount = Plural((int)Math.Round(length.TotalDays / 30.4), "month");
        }
        else
        {
            amount = Plural((int)Math.Round(length.TotalDays / 365.25), "year");
        }

        return future ? $"in {amount}" : $"{amount} ago";
    }

    private static string Plural(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n.ToString(CultureInfo.InvariantCulture)} {unit}s";
}
