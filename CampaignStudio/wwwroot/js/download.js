// Saves bytes streamed from the server as a file download.
export async function downloadFile(fileName, contentType, streamReference) {
    const data = await streamReference.arrayBuffer();
    const url = URL.createObjectURL(new Blob([data], { type: contentType }));
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = fileName;
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
    URL.revokeObjectURL(url);
}
