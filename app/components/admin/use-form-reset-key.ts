import { useState } from 'react';
import { useLocation } from 'react-router';

/**
 * A `key` for a form that keeps what was typed while the last submission failed (a failed POST
 * still lands on a new location) and starts afresh after every other navigation, such as the
 * redirect that follows a successful save.
 */
export function useFormResetKey(hasFailed: boolean): string {
  const location = useLocation();
  const [key, setKey] = useState(location.key);
  if (!hasFailed && key !== location.key) setKey(location.key);
  return hasFailed ? key : location.key;
}
