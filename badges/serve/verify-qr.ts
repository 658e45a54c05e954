import QRCode from 'qrcode';

// Error correction Q (25 %) survives a smudged or partly covered print; the quiet zone of four
// modules is what the QR standard asks for around a printed code.
const OPTIONS = { errorCorrectionLevel: 'Q', margin: 4 } as const;

/** The verify page's QR code as a standalone SVG (scales to any print size). */
export function verifyQrSvg(verifyUrl: string): Promise<string> {
  return QRCode.toString(verifyUrl, { ...OPTIONS, type: 'svg' });
}

/** The same as a PNG, 1024 px wide: sharp enough for print at 8 cm and 300 dpi. */
export function verifyQrPng(verifyUrl: string): Promise<Buffer> {
  return QRCode.toBuffer(verifyUrl, { ...OPTIONS, type: 'png', width: 1024 });
}
