using System.Net;
using CampaignStudio.Features.Campaigns.Media;
using CampaignStudio.Features.Shared;
using CampaignStudio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static CampaignStudio.Tests.Features.Campaigns.CampaignWorld;

namespace CampaignStudio.Tests.Features.Campaigns.Media;

/// <summary>The media library on a real database, and the anonymous image endpoint.</summary>
public abstract class MediaLibraryServiceTests(DatabaseKind kind)
{
    public sealed class OnSqlite() : MediaLibraryServiceTests(DatabaseKind.Sqlite);

    public sealed class OnMySql() : MediaLibraryServiceTests(DatabaseKind.MySql);

    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3];

    private static readonly byte[] Gif = [.. "GIF89a"u8, 1, 0, 1, 0, 0, 0, 0];

    private static readonly byte[] Webp = [.. "RIFF"u8, 10, 0, 0, 0, .. "WEBP"u8, .. "VP8 "u8];

    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, .. "JFIF"u8, 0];

    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider clock = Clock();

    [Fact]
    public async Task Upload_TellsTheTypeFromTheBytes_AndNamesTheFileAfterIt()
    {
        await using var app = await StartAsync(kind, clock);

        var png = await UploadAsync(app, ManagerEmail, "Diwali banner!.gif", Png);
        var gif = await UploadAsync(app, ManagerEmail, "anim.gif", Gif);
        var webp = await UploadAsync(app, ManagerEmail, "photo", Webp);
        var jpeg = await UploadAsync(app, ManagerEmail, "photo.jpeg", Jpeg);

        Assert.Equal(("image/png", "Diwali-banner.png", Png.Length), (png.ContentType, png.FileName, (int)png.Size));
        Assert.Equal(("image/gif", "anim.gif"), (gif.ContentType, gif.FileName));
        Assert.Equal(("image/webp", "photo.webp"), (webp.ContentType, webp.FileName));
        Assert.Equal(("image/jpeg", "photo.jpg"), (jpeg.ContentType, jpeg.FileName));
        var listed = await AsAsync<MediaLibraryService, IReadOnlyList<MediaAssetInfo>>(app, AnalystEmail, s => s.ListAsync());
        Assert.Equal(4, listed.Count);
    }

    [Fact]
    public async Task Upload_RefusesAFileThatIsNotAnImage_WhateverItsName()
    {
        await using var app = await StartAsync(kind, clock);

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => UploadAsync(app, ManagerEmail, "evil.png", "<svg onload=alert(1)>"u8.ToArray()));

        Assert.Contains("not a PNG, JPEG, GIF or WebP", Assert.Single(refused.Errors["file"]));
        Assert.Empty(await AsAsync<MediaLibraryService, IReadOnlyList<MediaAssetInfo>>(app, ManagerEmail, s => s.ListAsync()));
    }

    [Fact]
    public async Task Upload_RefusesAFileOverTheSizeLimit()
    {
        await using var app = await TestApp.StartAsync(kind, new Dictionary<string, string?> { ["Campaigns:Media:MaxFileBytes"] = "2048" });
        await app.CreateFirstAdminAsync();
        var big = new byte[2049];
        Png.CopyTo(big, 0);

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => UploadAsync(app, TestApp.AdminEmail, "big.png", big));
        var fits = await UploadAsync(app, TestApp.AdminEmail, "fits.png", big[..2048]);

        Assert.Contains("larger than 2 KB", Assert.Single(refused.Errors["file"]));
        Assert.Equal(2048, fits.Size);
    }

    [Fact]
    public async Task Analyst_CannotUploadOrDelete()
    {
        await using var app = await StartAsync(kind, clock);
        var uploaded = await UploadAsync(app, ManagerEmail, "a.png", Png);

        await Assert.ThrowsAsync<ForbiddenException>(() => UploadAsync(app, AnalystEmail, "b.png", Png));
        await Assert.ThrowsAsync<ForbiddenException>(() => AsAsync<MediaLibraryService, bool>(app, AnalystEmail, async s =>
        {
            await s.DeleteAsync(uploaded.Id);
            return true;
        }));
        await AsAsync<MediaLibraryService, bool>(app, ManagerEmail, async s =>
        {
            await s.DeleteAsync(uploaded.Id);
            return true;
        });
        Assert.Empty(await AsAsync<MediaLibraryService, IReadOnlyList<MediaAssetInfo>>(app, ManagerEmail, s => s.ListAsync()));
    }

    [Fact]
    public async Task Endpoint_ServesTheImageAnonymously_WithItsTypeAndLongCaching()
    {
        await using var app = await StartAsync(kind, clock);
        var uploaded = await UploadAsync(app, ManagerEmail, "banner.png", Png);
        using var anonymous = app.CreateClient();

        using var response = await anonymous.GetAsync(uploaded.Path);
        using var wrongName = await anonymous.GetAsync($"/media/{uploaded.Id}/other.png");
        using var missing = await anonymous.GetAsync("/media/999/banner.png");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Png, await response.Content.ReadAsByteArrayAsync());
        Assert.True(response.Headers.CacheControl?.Public);
        Assert.True(response.Headers.CacheControl?.MaxAge >= TimeSpan.FromDays(30));
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(HttpStatusCode.NotFound, wrongName.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private static Task<MediaAssetInfo> UploadAsync(TestApp app, string email, string name, byte[] bytes) =>
        AsAsync<MediaLibraryService, MediaAssetInfo>(app, email, s => s.UploadAsync(name, new MemoryStream(bytes)));
}
