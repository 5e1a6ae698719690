import net from 'node:net';
import { CommandFailure } from '../failure.js';

/** A port held open before anything is created, so a taken port fails the start with nothing left behind. */
export interface PortReservation {
  /** The port held (the one the system picked, for port 0). */
  port: number;
  /** Lets go of the port, just before the server listens on it. */
  release(): Promise<void>;
}

/** Binds `host:port` exclusively; a port already in use is a clear failure (exit 1) naming the address. */
export function reservePort(port: number, host: string): Promise<PortReservation> {
  return new Promise((resolve, reject) => {
    const holder = net.createServer();
    holder.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? portInUse(host, port) : error);
    });
    holder.listen({ port, host, exclusive: true }, () => {
      const address = holder.address() as net.AddressInfo;
      resolve({ port: address.port, release: () => new Promise((done) => holder.close(() => done())) });
    });
  });
}

export function portInUse(host: string, port: number): CommandFailure {
  return CommandFailure.of('PORT_IN_USE', { address: `${host.includes(':') ? `[${host}]` : host}:${port}` });
}

/** Whether a listen failed because another program took the port in between. */
export function isAddressInUse(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';
}
