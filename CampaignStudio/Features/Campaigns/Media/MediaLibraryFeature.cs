using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CampaignStudio.Features.Campaigns.Media;

public static class MediaLibraryFeature
{
    public static WebApplicationBuilder AddMediaLibrary(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MediaLibraryOptions>().Bind(builder.Configuration.GetSection(MediaLibraryOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<MediaLibraryService>();
        return builder;
    }

    /// <summary>
    /// <c>GET /media/{id}/{fileName}</c>: an uploaded image, anonymously (mail clients fetch images without signing
    /// in), with long caching (an asset never changes) and an ETag.
    /// </summary>
    public static IEndpointRouteBuilder MapMediaLibrary(this IEndpointRouteBuilder app)
    {
        app.MapGet("/media/{id:int}/{fileName}", async (int id, string fileName, HttpContext http, MediaLibraryService media, IOptions<MediaLibraryOptions> options, CancellationToken cancellationToken) =>
            {
                var file = await media.FindForServingAsync(id, cancellationToken);
                if (file is null || !string.Equals(file.FileName, fileName, StringComparison.Ordinal))
                {
                    return Results.NotFound();
                }

                var headers = http.Response.Headers;
                headers.CacheControl = $"public, max-age={(long)options.Value.CacheDuration.TotalSeconds}, immutable";
                headers.XContentTypeOptions = "nosniff";
                headers.ContentSecurityPolicy = "default-src 'none'";
                return Results.File(file.Content, file.ContentType, lastModified: new DateTimeOffset(file.CreatedUtc, TimeSpan.Zero), entityTag: new EntityTagHeaderValue($"\"m{id}\""));
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }
}
